import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { tsEntry } from '../../cli/ts-entry';

// Bad input is found before any browser starts, exits 2, and says what to fix.

const root = resolve('.');
function audit(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [...tsEntry(join(root, 'cli/audit.ts')), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

function targetFile(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'target-'));
  const path = join(dir, 'portal.ts');
  writeFileSync(path, `import { defineTarget } from '${join(root, 'targets/define-target')}';\nexport default defineTarget(${body});\n`);
  return path;
}

const valid = `{
  name: 'x', baseUrl: 'https://portal.example.se', protectedPaths: ['/mina-sidor'],
  loggedIn: { selector: '#data' }, loginRequired: { selector: '#password' },
  login: { username: '#u', password: '#password', submit: '#go' }, logout: { click: '#out', done: { text: 'Utloggad' } },
  users: [{ id: 'a', usernameEnv: 'X_USER', passwordEnv: 'X_PASSWORD' }], policy: {},
}`;

test('a target file with a wrong field exits 2 and names the field', () => {
  const { code, out } = audit(['--target', targetFile(valid.replace("'https://portal.example.se'", "'portal.example.se'")), '--list'], { X_USER: 'u', X_PASSWORD: 'p' });
  expect(code).toBe(2);
  expect(out).toMatch(/baseUrl: an absolute URL/);
});

test('a missing credential variable exits 2 and names it', () => {
  const { code, out } = audit(['--target', targetFile(valid), '--list'], { X_USER: 'u', X_PASSWORD: '' });
  expect(code).toBe(2);
  expect(out).toContain('set X_PASSWORD');
});

test('a valid target file lists the planned matrix', () => {
  const { code, out } = audit(['--target', targetFile(valid), '--list', '--scenarios', 'logout-revisit', '--presets', 'fresh-default'], { X_USER: 'u', X_PASSWORD: 'p' });
  expect(code).toBe(0);
  expect(out).toContain('target: x');
  expect(out).toMatch(/logout-revisit\tchromium\tfresh-default\tdefault\nlogout-revisit\tchromium\tfresh-default\tie11\n2 runs/);
});

test('an unknown scenario, defect or option exits 2 with the valid names', () => {
  expect(audit(['--scenarios', 'logout-nowhere', '--list'])).toMatchObject({ code: 2, out: expect.stringMatching(/unknown scenario "logout-nowhere".*logout-revisit/) });
  expect(audit(['--portal-defects', 'no-such-defect', '--list'])).toMatchObject({ code: 2, out: expect.stringMatching(/unknown defect id "no-such-defect"/) });
  expect(audit(['--colour', 'red'])).toMatchObject({ code: 2, out: expect.stringMatching(/Unknown option '--colour'/) });
});

test('a wrong reboot hook variable exits 2 and names it, before any browser starts', () => {
  const { code, out } = audit(['--list', '--scenarios', 'logout-reboot'], { AUDIT_REBOOT_HOOK: 'true', AUDIT_REBOOT_HOOK_TIMEOUT: 'soon' });
  expect(code).toBe(2);
  expect(out).toMatch(/bad reboot hook configuration:\s+AUDIT_REBOOT_HOOK_TIMEOUT="soon"/);
});

test('a real Internet Explorer without --grid exits 2 and says where it runs', () => {
  const { code, out } = audit(['--browsers', 'internet-explorer', '--list']);
  expect(code).toBe(2);
  expect(out).toContain('internet-explorer runs only on a Windows grid node: pass --grid URL');
});

// Each bad input below used to be accepted and fail only at run time, after browsers had started, or to print a
// stack trace or the whole usage. Now: exit 2, one line that says what is wrong and how to fix it, no stack
// trace, and nothing started. The proof that nothing started: an audit that gets as far as starting Playwright
// (and so browsers) first clears the summary.json of the previous run in --out, and Playwright's progress
// reporter prints "scenario runs on"; the planted summary.json must survive and that line must not appear.
const oneRun = ['--scenarios', 'logout-revisit', '--presets', 'fresh-default', '--personas', 'default'];
const credentials = { X_USER: 'u', X_PASSWORD: 'p' };

function refusedBeforeAnythingStarts(args: string[], env: Record<string, string> = credentials) {
  const outDir = mkdtempSync(join(tmpdir(), 'bad-input-out-'));
  const planted = join(outDir, 'summary.json');
  writeFileSync(planted, '{"planted":"by the test"}');
  const out = args.includes('--out') ? args : [...args, '--out', outDir];
  const result = audit([...out, ...oneRun], env);
  expect(result.out, 'no stack trace').not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(result.out, 'Playwright never started').not.toContain('scenario runs on');
  expect(readFileSync(planted, 'utf8'), 'the previous run in --out was not touched').toBe('{"planted":"by the test"}');
  expect(result.code, result.out).toBe(2);
  return result.out.trim();
}

/** Exit 2, one line, the message; with `alsoList`, the same for --list, which validates as a run does. */
function expectOneLineRefusal(args: string[], message: RegExp, alsoList = false): void {
  for (const list of alsoList ? [[], ['--list']] : [[]]) {
    const lines = refusedBeforeAnythingStarts([...args, ...list]).split('\n');
    expect(lines, `${args.join(' ')} ${list.join(' ')}`).toEqual([expect.stringMatching(message)]);
  }
}

test('--out naming a regular file exits 2 and asks for a directory', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'bad-input-')), 'results.txt');
  writeFileSync(file, 'not a directory');
  expectOneLineRefusal(['--out', file], /^logout-audit: --out .*results\.txt is a file, not a directory: name a directory/, true);
  expect(readFileSync(file, 'utf8')).toBe('not a directory');
});

test('--shard with a share beyond the number of shares, or share 0, exits 2 and says the range', () => {
  expectOneLineRefusal(['--shard', '4/3'], /^logout-audit: --shard 4\/3: the share must be from 1 to the number of shares \(3\), e\.g\. --shard 1\/3$/);
  expectOneLineRefusal(['--shard', '0/3'], /^logout-audit: --shard 0\/3: the share must be from 1 to the number of shares \(3\)/);
});

test('negative or zero --workers exits 2 and says what to write, also as --workers -1', () => {
  const message = /^logout-audit: --workers must be a whole number of parallel browsers, 1 or more, got "(-1|0)": e\.g\. --workers 2$/;
  expectOneLineRefusal(['--workers', '-1'], message, true);
  expectOneLineRefusal(['--workers=-1'], message);
  expectOneLineRefusal(['--workers', '0'], message);
});

test('a directory as --target exits 2 and asks for the file in it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bad-input-dir-'));
  expectOneLineRefusal(['--target', dir], /^logout-audit: target file .*bad-input-dir-\w+ is a directory: name the file itself, e\.g\. --target .*\/portal\.ts$/);
});

test('a target file that does not exist exits 2 and names it', () => {
  expectOneLineRefusal(['--target', 'no/such/portal.ts'], /^logout-audit: target file no\/such\/portal\.ts does not exist \(looked for \/.*\/no\/such\/portal\.ts\): check the path/);
});

function brokenTargetFile(name: string, body: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'bad-input-target-')), name);
  writeFileSync(path, body);
  return path;
}

test('a target file that throws at import exits 2 naming the file and its error', () => {
  const file = brokenTargetFile('throws.ts', "throw new Error('boom at import');\nexport default {};\n");
  expectOneLineRefusal(['--target', file], new RegExp(`^logout-audit: target file ${file} could not be loaded: boom at import; fix the file`));
});

test('a target file with a syntax error exits 2 naming the file, the line and the error', () => {
  const file = brokenTargetFile('syntax.ts', "export default defineTarget({ name: 'x' ;\n");
  expectOneLineRefusal(['--target', file], new RegExp(`^logout-audit: target file ${file} could not be loaded: ${file}:1:\\d+: ERROR: Expected "}" but found ";"`));
});

test('--debug adds the stack trace of what a refused input was caused by, never the refusal\'s own', () => {
  const file = brokenTargetFile('throws.ts', "throw new Error('boom at import');\nexport default {};\n");
  const { code, out } = audit(['--target', file, '--debug', '--list']);
  expect(code).toBe(2);
  expect(out).toMatch(new RegExp(`^logout-audit: target file ${file} could not be loaded: boom at import; fix the file.*\\ncaused by: Error: boom at import\\n\\s+at .*${file}:1:\\d+`));
  expect(out, 'the TargetError\'s own stack').not.toMatch(/at loadTargetFile \(/);
});

test('an unknown browser is one line without a stack, even with --debug', () => {
  const { code, out } = audit(['--browsers', 'netscape', '--debug', '--list']);
  expect(code).toBe(2);
  expect(out.trim().split('\n')).toEqual([expect.stringMatching(/^logout-audit: unknown browser "netscape": use one of chromium, /)]);
});

test('a target a browser could not use (URL without http(s), a regex that does not compile) exits 2 before any browser, one line per field', () => {
  const cases: Array<[string, string, RegExp]> = [
    ["'https://portal.example.se'", "'localhost:8181'", /^\s+baseUrl: an absolute URL starting with http:\/\/ or https:\/\//],
    ["'https://portal.example.se'", "'ftp://portal.example.se'", /^\s+baseUrl: an absolute URL starting with http:\/\/ or https:\/\//],
    ["loggedIn: { selector: '#data' }", "loggedIn: { urlPattern: '[' }", /^\s+loggedIn\.urlPattern: not a valid regular expression \(Invalid regular expression: \/\[\/: Unterminated character class\)/],
  ];
  for (const [from, to, field] of cases) {
    const file = targetFile(valid.replace(from, to));
    for (const list of [[], ['--list']]) {
      const lines = refusedBeforeAnythingStarts(['--target', file, ...list]).split('\n');
      expect(lines).toEqual([`logout-audit: ${file} is not valid:`, expect.stringMatching(field)]);
    }
  }
});

test('an --out that is a symbolic link (dangling or not) exits 2 with one line, nothing written where it points', () => {
  const dir = mkdtempSync(join(tmpdir(), 'out-link-'));
  const system = mkdtempSync(join(tmpdir(), 'system-folder-'));
  for (const [name, to] of [['dangling', join(dir, 'nowhere')], ['elsewhere', system]] as const) {
    symlinkSync(to, join(dir, name));
    const { code, out } = audit(['--out', join(dir, name), '--scenarios', 'logout-revisit']);
    expect(code, out).toBe(2);
    expect(out).toContain('is a symbolic link');
    expect(out).not.toMatch(/\n\s+at /);
  }
  expect(readdirSync(system)).toEqual([]);
});

test('an --out holding files no audit wrote is refused (exit 2), and nothing in it is deleted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'home-like-'));
  writeFileSync(join(dir, 'thesis.odt'), 'years of work');
  mkdirSync(join(dir, 'report'));
  writeFileSync(join(dir, 'report', 'q3.pdf'), 'not an audit report');
  const { code, out } = audit(['--out', dir, '--scenarios', 'logout-revisit']);
  expect(code, out).toBe(2);
  expect(out).toContain('holds files an audit did not write (thesis.odt)');
  expect(readFileSync(join(dir, 'report', 'q3.pdf'), 'utf8')).toBe('not an audit report');
});

test('an --out this user cannot write into exits 2 with one line that says so, no Node error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'out-immutable-'));
  // Root writes through permission bits; an immutable folder (chattr +i) refuses even root.
  const locked = spawnSync('chattr', ['+i', dir]);
  test.skip(locked.status !== 0, `chattr +i is not available here: ${locked.stderr}`);
  try {
    const { code, out } = audit(['--out', dir, '--scenarios', 'logout-revisit']);
    expect(code, out).toBe(2);
    expect(out).toContain(`--out ${dir} cannot be written (EPERM)`);
    expect(out).not.toMatch(/\n\s+at /);
  } finally {
    spawnSync('chattr', ['-i', dir]);
  }
});
