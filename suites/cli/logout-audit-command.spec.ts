import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';

// The command as a CI job or a newcomer uses it: bin/logout-audit.sh (package.json "bin"), called from a
// directory that is not the checkout, directly, after `npm link`, through npx, and behind the npm scripts.

const root = resolve('.');
const bin = join(root, 'bin', 'logout-audit.sh');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string>; scripts: Record<string, string> };
const commands = ['audit', 'verify', 'report', 'portal', 'grid', 'init', 'check'];

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
  for (const command of commands) expect(help.stdout).toMatch(new RegExp(`^ {2}${command} +\\S`, 'm'));
  expect(help.stdout, 'report says it merges shards').toMatch(/^ {2}report +.*merge several/m);
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
  const list = run(bin, ['audit', '--list', '--scenarios', 'logout-revisit,cookie-attributes,logout-replay', '--presets', 'fresh-default', '--personas', 'default']);
  expect(list.code, list.out).toBe(0);
  expect(list.stdout).toContain('logout-revisit\tchromium\tfresh-default\tdefault');
  expect(list.stdout).toContain('3 runs');
  // What the plan shares, and why each browser besides the user's own is started.
  expect(list.stdout).toContain('shared round: cookie-attributes, logout-revisit under fresh-default, default (one login and logout');
  expect(list.stdout).toMatch(/^other browsers of logout-replay: a clean client for each copied login/m);
  expect(list.stdout).not.toContain('other browsers of logout-revisit');
});

// An audit started from another directory, with --out relative to it: suites/cli/target-outside-checkout.spec.ts.

test('after npm link (into a temporary prefix, offline), logout-audit on PATH works', () => {
  const prefix = mkdtempSync(join(tmpdir(), 'logout-audit-prefix-'));
  try {
    const env = { ...process.env, npm_config_prefix: prefix };
    const link = run('npm', ['link', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: root, env });
    expect(link.code, link.out).toBe(0);
    const help = run('logout-audit', ['--help'], { env: { ...env, PATH: `${join(prefix, 'bin')}:${process.env.PATH}` } });
    expect(help.code, help.out).toBe(0);
    expect(help.stdout).toContain('usage: logout-audit <command>');
  } finally {
    rmSync(prefix, { recursive: true, force: true }); // the link points at this checkout: none left behind
  }
});

test('on a fresh clone (no node_modules), npm link && logout-audit --help installs the npm packages first, then works', () => {
  // The checkout's files as a clone has them: tracked and new ones, no node_modules (also when it is a symlink,
  // which .gitignore's node_modules/ does not match), no output.
  const work = mkdtempSync(join(tmpdir(), 'logout-audit-fresh-'));
  try {
    const clone = join(work, 'clone');
    const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
    expect(listed.status, listed.stderr).toBe(0);
    for (const file of listed.stdout.split('\0').filter((f) => f && !f.split('/').includes('node_modules') && existsSync(join(root, f)))) {
      mkdirSync(join(clone, file, '..'), { recursive: true });
      cpSync(join(root, file), join(clone, file));
    }
    expect(existsSync(join(clone, 'node_modules')), 'the copy has no packages').toBe(false);
    const prefix = join(work, 'prefix');
    const env = { ...process.env, npm_config_prefix: prefix };
    const link = run('npm', ['link', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: clone, env });
    expect(link.code, link.out).toBe(0);
    // `npm ci` is the one step stood in for (the real one downloads ~400 packages, about 2 minutes): this npm,
    // first on PATH, notes its call and gives the clone the one package the command needs to start, tsx, from
    // this checkout; any other npm command goes to the real npm.
    const fake = join(work, 'fake-bin');
    mkdirSync(fake);
    const realNpm = spawnSync('bash', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(
      join(fake, 'npm'),
      `#!/usr/bin/env bash\nif [[ "$1" == ci ]]; then echo "$PWD" >> "${join(work, 'npm-ci-calls')}"; mkdir -p node_modules; ln -s "${join(root, 'node_modules', 'tsx')}" node_modules/tsx; exit 0; fi\nexec "${realNpm}" "$@"\n`,
    );
    chmodSync(join(fake, 'npm'), 0o755);
    const path = { ...env, PATH: `${fake}:${join(prefix, 'bin')}:${process.env.PATH}` };
    const first = run('logout-audit', ['--help'], { env: path });
    expect(first.code, first.out).toBe(0);
    expect(first.stdout, 'stdout is the usage alone: setup speaks on stderr').toMatch(/^usage: logout-audit <command>/);
    expect(readFileSync(join(work, 'npm-ci-calls'), 'utf8')).toBe(`${clone}\n`);
    // Installed once: the next call starts at once, without setup.
    const second = run('logout-audit', ['--version'], { env: path });
    expect(second).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    expect(readFileSync(join(work, 'npm-ci-calls'), 'utf8')).toBe(`${clone}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('when the npm packages cannot be installed, logout-audit exits 2 and says what to run', () => {
  const work = mkdtempSync(join(tmpdir(), 'logout-audit-noinstall-'));
  try {
    const clone = join(work, 'clone');
    for (const file of ['package.json', 'package-lock.json', 'bin/logout-audit.sh', 'scripts/setup.sh']) {
      mkdirSync(join(clone, file, '..'), { recursive: true });
      cpSync(join(root, file), join(clone, file));
    }
    const fake = join(work, 'fake-bin');
    mkdirSync(fake);
    writeFileSync(join(fake, 'npm'), '#!/usr/bin/env bash\necho "npm: no network" >&2\nexit 1\n');
    chmodSync(join(fake, 'npm'), 0o755);
    const result = run(join(clone, 'bin', 'logout-audit.sh'), ['--version'], { env: { ...process.env, PATH: `${fake}:${process.env.PATH}` } });
    expect(result.code, result.out).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.out).toContain(`tsx is not installed in ${clone}: run 'bash scripts/setup.sh --no-browsers'`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
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
