import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { generateSync } from 'otplib';
import { startPortal } from '../../portal/start';
import { totpSecretEnv } from '../../portal/totp-secrets';
import type { Summary } from '../../reports/summary';
import { runCli } from '../cli/cli-child';
import { filesMatching, secretsInFiles } from './secrets-in-files';

// A login with a second factor, audited for real: the reference portal started with `mfa: 'totp'` (its IdP
// refuses the password alone) and described by two target files in one audit. The first declares login.totp
// rightly: its logout-revisit passes, so the harness logged in with a code it computed. The second types the
// code and then stops on purpose, the code still in its field (its `login.error` is the field holding six
// digits, its `submit` the field itself): a broken run, whose failure Playwright would record with a snapshot
// of the page. Neither the secret nor any code of the audit's windows may be in any file of its output.

// Fixed test secrets the portal and the targets' variables share; one user per target, so that neither run waits
// for the other's window (the wait itself is proven by suites/unit/totp-login.spec.ts).
const SECRETS = { tolvan: 'KRUGKIDROVUWG2ZAMJZG653OEBTG66BAJJ2W24DTEBXXMZLS', elvan: 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPIYTEMZU' };
const root = resolve('.');

function targetFile(dir: string, name: string, portalUrl: string, idpUrl: string, totp: string, error: string, userEnv: string): string {
  const path = join(dir, `${name}.ts`);
  writeFileSync(
    path,
    `import { defineTarget } from '${join(root, 'targets/define-target')}';
export default defineTarget({
  name: '${name}', baseUrl: '${portalUrl}', protectedPaths: ['/mina-sidor'],
  loggedIn: { selector: '[data-testid=personal-data]' }, loginRequired: { selector: 'form#login input[name=password]' },
  login: { username: '#username', password: '#password', submit: '#sign-in', error: { selector: '${error}' }, totp: ${totp} },
  logout: { click: '#logout', done: { selector: '#logged-out' } },
  idp: { issuer: '${idpUrl}', clientId: 'vardportalen', redirectUri: '${portalUrl}/callback' },
  users: [{ id: 'user', usernameEnv: '${userEnv}_USER', passwordEnv: '${userEnv}_PASSWORD' }],
  policy: { closeWithoutLogout: 'require-login' },
});\n`,
  );
  return path;
}

/** Any of `codes` as a word of its own: the same six digits inside a longer number (a timestamp) are not a code. */
const anyAsWord = (codes: Iterable<string>) => new RegExp(`(?<![0-9A-Za-z])(?:${[...codes].join('|')})(?![0-9A-Za-z])`);

test('a TOTP login passes; the secret and every code, typed or not, reach no file of the audit', async () => {
  // Two runs of one scenario in parallel and the report: about a minute and a half on a quiet 2-core machine,
  // more on a loaded one.
  test.setTimeout(600_000);
  const dir = mkdtempSync(join(tmpdir(), 'totp-evidence-'));
  const secretEnvs = Object.fromEntries(Object.entries(SECRETS).map(([username, secret]) => [totpSecretEnv(username), secret]));
  const saved = Object.keys(secretEnvs).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, secretEnvs); // read by the portal at start
  const portal = await startPortal({ mfa: 'totp', idleTimeoutSeconds: 900 });
  const credentials = (prefix: string, username: string) => {
    const user = portal.users.find((u) => u.username === username)!;
    return { [`${prefix}_USER`]: user.username, [`${prefix}_PASSWORD`]: user.password };
  };
  const started = Date.now();
  try {
    const totp = (username: string, submit: string) => `{ selector: '#otp', submit: '${submit}', secretEnv: '${totpSecretEnv(username)}' }`;
    const good = targetFile(dir, 'totp-good', portal.portalUrl, portal.idpUrl, totp('tolvan', '#verify-otp'), '.login-error', 'GOOD');
    const typedOnly = targetFile(dir, 'totp-typed', portal.portalUrl, portal.idpUrl, totp('elvan', '#otp'), 'input#otp:valid', 'TYPED');
    const out = join(dir, 'out');
    const plan = ['--scenarios', 'logout-revisit', '--presets', 'fresh-default', '--personas', 'default', '--browsers', 'chromium'];
    const env = { ...credentials('GOOD', 'tolvan'), ...credentials('TYPED', 'elvan'), ...secretEnvs };
    // --no-check: the misdescribed target must reach its run (the login it breaks off is what is under test).
    const run = await runCli('cli/audit.ts', ['--target', good, '--target', typedOnly, ...plan, '--out', out, '--no-check'], env);
    expect(run.code, run.out).toBe(2);

    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    const verdicts = summary.results.map((r) => [r.target, r.verdict, r.code]);
    expect(verdicts).toEqual(expect.arrayContaining([['totp-good', 'passed', 'PASSED'], ['totp-typed', 'broken', 'LOGIN_FAILED']]));

    // Every code of every window the audit lasted (one window of clock skew either side).
    const codes = new Set<string>();
    for (const secret of Object.values(SECRETS)) {
      for (let ms = started - 30_000; ms <= Date.now() + 30_000; ms += 30_000) codes.add(generateSync({ secret, epoch: Math.floor(ms / 1000), period: 30 }));
    }
    expect(secretsInFiles(out, Object.values(SECRETS))).toEqual([]);
    // One pass over the files for all codes: the report embeds every attachment in base64, decoded once per pass.
    expect(filesMatching(out, anyAsWord(codes)), 'files holding a code of a window during the audit').toEqual([]);
    for (const secret of Object.values(SECRETS)) expect(run.out).not.toContain(secret);
    expect(anyAsWord(codes).test(run.out), 'the audit\'s output holds a code').toBe(false);
  } finally {
    await portal.stop();
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
});
