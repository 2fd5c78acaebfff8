import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { runCli } from './cli-child';
import { startPortal, type RunningPortal } from '../../portal/start';
import type { Summary } from '../../reports/summary';

// A new user's first audit of their own portal: `init URL` writes the target file by looking at the portal,
// `check` proves it with one live round, and an audit through it gives the verdicts the hand-written target
// (targets/examples/reference-portal.ts) gives, on the clean portal and on one whose logout leaves the identity
// provider's session alive. The reference portal stands in for the stranger's portal: init is told only its
// start page and the names of the variables holding the credentials.

const root = resolve('.');
const example = readFileSync(join(root, 'targets/examples/reference-portal.ts'), 'utf8');

/** `logout-audit <command>`, as bin/logout-audit.sh runs it. */
function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return runCli('cli/logout-audit.ts', [command, ...args], env);
}

const credentials = (portal: RunningPortal) => ({
  MY_USER: portal.users[0]!.username,
  MY_PASSWORD: portal.users[0]!.password,
  MY_USER_2: portal.users[1]!.username,
  MY_PASSWORD_2: portal.users[1]!.password,
});

/** The hand-written example, renamed and reading its URLs from `<prefix>_*` variables. */
function handWritten(dir: string, name: string, prefix: string, portal: RunningPortal): { file: string; env: Record<string, string> } {
  const file = join(dir, `${prefix.toLowerCase()}.ts`);
  writeFileSync(file, example.replace(`name: 'reference-portal (target file)'`, `name: '${name}'`).replaceAll('REFERENCE_', `${prefix}_`));
  const user = portal.users[0]!;
  const env = {
    [`${prefix}_PORTAL_URL`]: portal.portalUrl,
    [`${prefix}_IDP_URL`]: portal.idpUrl,
    [`${prefix}_USER_1`]: user.username,
    [`${prefix}_PASSWORD_1`]: user.password,
    // The portal's own (long) timeout: the example's default of 10 s would make a slow run TOO_SLOW.
    [`${prefix}_IDLE_TIMEOUT_SECONDS`]: String(portal.idleTimeoutSeconds),
  };
  return { file, env };
}

test('init writes a target that check accepts and that audits as the hand-written target does; a wrong selector is named by check', async () => {
  // init, check, one audit of four runs and a second check: about two minutes on a loaded 2-core machine.
  test.setTimeout(420_000);
  const dir = mkdtempSync(join(tmpdir(), 'init-check-'));
  // Long idle timeouts: no verdict here may depend on the machine's speed.
  const [clean, defective] = await Promise.all([startPortal({ idleTimeoutSeconds: 900 }), startPortal({ idleTimeoutSeconds: 900, defects: ['rp-logout-local-only'] })]);
  try {
    const secrets = credentials(clean);
    const written = join(dir, 'mine.ts');
    const users = ['--user-env', 'MY_USER', '--password-env', 'MY_PASSWORD', '--user-env', 'MY_USER_2', '--password-env', 'MY_PASSWORD_2'];
    const init = await run('init', [`${clean.portalUrl}/`, ...users, '--write', written, '--name', 'mine (clean)'], secrets);
    expect(init.code, init.out).toBe(0);
    const file = readFileSync(written, 'utf8');
    // Found by itself: the protected page behind "Mina sidor", the login on the identity provider's origin, the logout.
    expect(file).toContain("protectedPaths: ['/mina-sidor']");
    expect(file).toContain(`issuer: '${clean.idpUrl}'`);
    expect(file).toContain("clientId: 'vardportalen'");
    expect(file).toContain("click: '#logout'");
    expect(file, 'the second user').toContain("{ id: 'user-2', usernameEnv: 'MY_USER_2', passwordEnv: 'MY_PASSWORD_2' }");
    expect(file).not.toMatch(/^\s*\/\/ TODO (loggedIn|loginRequired|login\.|logout\.)/m);
    for (const value of Object.values(secrets)) {
      expect(file, 'no credential in the file').not.toContain(value);
      expect(init.out, 'no credential in the output').not.toContain(value);
    }

    const checkDir = join(dir, 'check');
    const check = await run('check', ['--target', written, '--out', checkDir], secrets);
    expect(check.code, check.out).toBe(0);
    for (const field of ['loginRequired', 'login.username', 'login.password', 'login.submit', 'loggedIn', 'logout.click', 'logout.done']) {
      expect(check.out, `${field} proved`).toMatch(new RegExp(`^ok +${field.replace('.', '\\.')}: .* on http`, 'm'));
    }
    expect(readdirSync(checkDir).filter((f) => f.endsWith('.png')).length, 'a screenshot per line').toBeGreaterThanOrEqual(9);
    expect(check.out).not.toContain(secrets.MY_PASSWORD);

    // The same file against the defective portal (its URLs swapped), and the hand-written target against both: one audit.
    const onDefective = join(dir, 'mine-defective.ts');
    writeFileSync(
      onDefective,
      file.replaceAll(clean.portalUrl, defective.portalUrl).replaceAll(clean.idpUrl, defective.idpUrl).replace("name: 'mine (clean)'", "name: 'mine (defective)'"),
    );
    const handClean = handWritten(dir, 'hand (clean)', 'HANDCLEAN', clean);
    const handDefective = handWritten(dir, 'hand (defective)', 'HANDDEFECT', defective);
    const outDir = join(dir, 'out');
    // --no-check: `check` proved the file above; the opening check is suites/cli/audit-check.spec.ts's subject.
    const plan = ['--scenarios', 'logout-revisit', '--presets', 'fresh-default', '--personas', 'default', '--browsers', 'chromium', '--out', outDir, '--no-check'];
    const targets = ['--target', written, '--target', onDefective, '--target', handClean.file, '--target', handDefective.file];
    const audit = await run('audit', [...targets, ...plan], { ...secrets, ...handClean.env, ...handDefective.env });
    expect(audit.code, audit.out).toBe(1);
    const summary = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')) as Summary;
    const verdicts = Object.fromEntries(summary.results.map((r) => [r.target, `${r.verdict} ${r.code}`]));
    expect(verdicts).toEqual({
      'hand (clean)': 'passed PASSED',
      'mine (clean)': 'passed PASSED',
      'hand (defective)': 'failed LOGIN_NOT_REQUIRED_AFTER_LOGOUT',
      'mine (defective)': 'failed LOGIN_NOT_REQUIRED_AFTER_LOGOUT',
    });

    // A wrong selector: check names it, with a fix, and exits 2 (the round stops there: no login without a submit).
    const wrong = join(dir, 'wrong.ts');
    writeFileSync(wrong, file.replace("submit: '#sign-in'", "submit: '#log-in-button'"));
    const bad = await run('check', ['--target', wrong, '--out', join(dir, 'check-wrong')], secrets);
    expect(bad.code, bad.out).toBe(2);
    expect(bad.out).toMatch(/^PROBLEM login\.submit: #log-in-button matched nothing visible on http:\/\/localhost:\d+\//m);
    expect(bad.out).toMatch(/^ +fix: name the login form's submit control/m);
    expect(bad.out).toMatch(/^ok +login\.password: /m);
    expect(bad.out).toContain('1 problem(s): login.submit');
  } finally {
    await Promise.all([clean.stop(), defective.stop()]);
  }
});
