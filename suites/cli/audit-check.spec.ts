import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { startPortal } from '../../portal/start';
import type { Summary } from '../../reports/summary';
import { runCli } from './cli-child';

// An audit of a target file starts with the round `logout-audit check` makes: a wrong selector is named once,
// with its fix, before any scenario runs, and a portal that cannot be reached is not an audit that passed.
// Either way no run starts, the audit exits 2, and every planned run is in summary.json as broken
// TARGET_CHECK_FAILED (a nightly trend sees each run it expects). That a fit file passes the check and is then
// audited is proved by suites/cli/init-check.spec.ts, whose audit runs with the check.

const root = resolve('.');
const example = readFileSync(join(root, 'targets/examples/reference-portal.ts'), 'utf8');

/** targets/examples/reference-portal.ts named `name`, reading `<prefix>_*` variables, with `change` applied. */
function targetCopy(dir: string, name: string, prefix: string, change: (body: string) => string): string {
  const path = join(dir, `${prefix.toLowerCase()}.ts`);
  const body = change(example.replace(`name: 'reference-portal (target file)'`, `name: '${name}'`).replaceAll('REFERENCE_', `${prefix}_`));
  writeFileSync(path, body);
  return path;
}

test('an audit whose target has a wrong selector, or whose portal is down, starts no run: exit 2, each problem once, every run TARGET_CHECK_FAILED', async () => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'audit-check-'));
  const portal = await startPortal({ idleTimeoutSeconds: 900 });
  try {
    const user = portal.users[0]!;
    const wrong = targetCopy(dir, 'wrong submit', 'WRONG', (body) => body.replace("submit: '#sign-in'", "submit: '#log-in-button'"));
    const down = targetCopy(dir, 'portal down', 'DOWN', (body) => body);
    const env = {
      WRONG_PORTAL_URL: portal.portalUrl,
      WRONG_IDP_URL: portal.idpUrl,
      WRONG_USER_1: user.username,
      WRONG_PASSWORD_1: user.password,
      // Port 9 (discard): nothing listens on loopback, so the round cannot open the portal.
      DOWN_PORTAL_URL: 'http://127.0.0.1:9',
      DOWN_IDP_URL: 'http://localhost:9',
      DOWN_USER_1: user.username,
      DOWN_PASSWORD_1: user.password,
    };
    const out = join(dir, 'out');
    const plan = ['--scenarios', 'logout-revisit', '--presets', 'fresh-default', '--personas', 'default,ie11', '--browsers', 'chromium'];
    const audit = await runCli('cli/audit.ts', ['--target', wrong, '--target', down, ...plan, '--out', out], env);
    expect(audit.code, audit.out).toBe(2);
    expect(audit.out, 'Playwright never started').not.toContain('scenario runs');
    expect(audit.out).not.toContain(user.password);
    // The wrong field, where and its fix: once, not once per run.
    expect(audit.out).toMatch(/^check: wrong submit: 1 problem\(s\) in .*wrong\.ts \(one live round, [\d.]+ s\); none of its runs is started:$/m);
    const problem = /^ {2}login\.submit: #log-in-button matched nothing visible on http:\/\/localhost:\d+\/\S+ \(fix: name the login form's submit control/m;
    expect(audit.out).toMatch(problem);
    expect(audit.out.match(new RegExp(problem.source, 'gm'))).toHaveLength(1);
    expect(audit.out).toMatch(/^check: portal down: 1 problem\(s\) in .*down\.ts .*\n {2}baseUrl: http:\/\/127\.0\.0\.1:9\/mina-sidor did not open/m);
    // The problem's screenshot, the only one: what held needs no picture in an audit.
    expect(readdirSync(join(out, 'check', 'wrong-submit'))).toEqual(['01-login-submit.png']);

    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    expect(summary.totals).toEqual({ passed: 0, failed: 0, broken: 4, skipped: 0 });
    expect(summary.results.map((r) => [r.target, r.persona, r.verdict, r.code])).toEqual([
      ['portal down', 'default', 'broken', 'TARGET_CHECK_FAILED'],
      ['portal down', 'ie11', 'broken', 'TARGET_CHECK_FAILED'],
      ['wrong submit', 'default', 'broken', 'TARGET_CHECK_FAILED'],
      ['wrong submit', 'ie11', 'broken', 'TARGET_CHECK_FAILED'],
    ]);
    for (const entry of summary.results.filter((r) => r.target === 'wrong submit')) expect(entry.reason).toMatch(/^TARGET_CHECK_FAILED: .*login\.submit: #log-in-button matched nothing/);
    for (const entry of summary.results.filter((r) => r.target === 'portal down')) expect(entry.reason).toMatch(/^TARGET_CHECK_FAILED: .*baseUrl: .* did not open/);
  } finally {
    await portal.stop();
  }
});
