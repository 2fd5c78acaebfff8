import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';

// The command as a CI job or a newcomer uses it: bin/logout-audit.sh (package.json "bin"), called from a
// directory that is not the checkout, directly, after `npm link`, through npx, and behind the npm scripts.

const root = resolve('.');
const bin = join(root, 'bin', 'logout-audit.sh');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string>; scripts: Record<string, string> };
const commands = ['audit', 'verify', 'report', 'portal', 'grid'];

function elsewhere(): string {
  return mkdtempSync(join(tmpdir(), 'logout-audit-cwd-'));
}

function run(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(file, args, { cwd: options.cwd ?? elsewhere(), env: options.env ?? process.env, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, out: `${result.stdout}${result.stderr}` };
}

test('package.json names the bin script, and it exists and is executable', () => {
  expect(pkg.bin['logout-audit']).toBe('bin/logout-audit.sh');
  const mode = spawnSync('test', ['-x', bin]).status;
  expect(mode, `${bin} is not executable`).toBe(0);
});

test('logout-audit --help from another directory lists every command', () => {
  const help = run(bin, ['--help']);
  expect(help.code, help.out).toBe(0);
  for (const command of commands) expect(help.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
});

test('logout-audit --version prints the version of package.json', () => {
  expect(run(bin, ['--version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
});

for (const command of commands) {
  test(`logout-audit ${command} --help prints its usage and exits 0`, () => {
    const help = run(bin, [command, '--help']);
    expect(help.code, help.out).toBe(0);
    expect(help.stdout).toContain(`usage: logout-audit ${command}`);
  });
}

test('no command, or an unknown one, exits 2 and says what to type', () => {
  expect(run(bin, [])).toMatchObject({ code: 2, out: expect.stringContaining('no command given') });
  const unknown = run(bin, ['audti']);
  expect(unknown.code).toBe(2);
  expect(unknown.out).toContain('unknown command "audti": use one of audit, verify, report, portal, grid');
});

test('logout-audit audit --list works from another directory', () => {
  const list = run(bin, ['audit', '--list', '--scenarios', 'logout-revisit', '--presets', 'fresh-default', '--personas', 'default']);
  expect(list.code, list.out).toBe(0);
  expect(list.stdout).toContain('logout-revisit\tchromium\tfresh-default\tdefault');
  expect(list.stdout).toContain('1 runs');
});

test('an audit started from another directory finds its config and writes to the out dir relative to the caller', async () => {
  test.setTimeout(240_000);
  const cwd = elsewhere();
  const args = ['audit', '--scenarios', 'session-rotation', '--presets', 'fresh-default', '--personas', 'default', '--out', 'relative-out'];
  // Asynchronous, so the runner stays responsive while a browser runs.
  const { code, out } = await new Promise<{ code: number | null; out: string }>((done) => {
    const child = spawn(bin, args, { cwd, env: { ...process.env, AUDIT_HISTORY: join(cwd, 'history.jsonl') } });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.stderr.on('data', (d) => (text += d));
    child.on('exit', (c) => done({ code: c, out: text }));
  });
  expect(code, out).toBe(0);
  for (const file of ['summary.json', 'junit.xml', 'report/index.html']) expect(existsSync(join(cwd, 'relative-out', file)), file).toBe(true);
});

test('after npm link (into a temporary prefix, offline), logout-audit on PATH works', () => {
  const prefix = mkdtempSync(join(tmpdir(), 'logout-audit-prefix-'));
  const env = { ...process.env, npm_config_prefix: prefix };
  const link = run('npm', ['link', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: root, env });
  expect(link.code, link.out).toBe(0);
  const help = run('logout-audit', ['--help'], { env: { ...env, PATH: `${join(prefix, 'bin')}:${process.env.PATH}` } });
  expect(help.code, help.out).toBe(0);
  expect(help.stdout).toContain('usage: logout-audit <command>');
});

test('npx logout-audit works in the checkout', () => {
  expect(run('npx', ['--offline', 'logout-audit', '--version'], { cwd: root })).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
});

test('the npm scripts call the command', () => {
  for (const command of commands) expect(pkg.scripts[command], `npm run ${command}`).toMatch(new RegExp(`^bash scripts/setup\\.sh.* && bash bin/logout-audit\\.sh ${command}$`));
  const help = run('npm', ['run', '--silent', 'report', '--', '--help'], { cwd: root });
  expect(help.code, help.out).toBe(0);
  expect(help.stdout).toContain('usage: logout-audit report');
});
