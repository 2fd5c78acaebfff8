import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setCookiePair } from '../../evidence/cookie-parts';
import type { AuditDriver } from '../../drivers/driver';
import { createDriver, createProbeSource, wrappedProbes } from '../../drivers';
import { personas } from '../../drivers/personas';
import type { DefectId } from '../../portal/defects';
import { startPortal, type RunningPortal } from '../../portal/start';
import { testUsers } from '../../portal/users';
import { attachVerdict, playwrightEvidence } from '../../audit/playwright-evidence';
import logoutReplay from '../../scenarios/logout-replay';
import { play } from '../../scenarios/scenario';
import { referenceTarget } from '../../targets/reference';
import { expect, test } from '../../audit/fixtures';
import { recordServedSecrets } from './served-secrets';
import { fileCount, secretsInFiles } from './secrets-in-files';
import { tsEntry } from '../../cli/ts-entry';
import { auditSettings } from '../../audit/settings';

// Evidence must be shareable: no password typed into a form and no raw cookie value may reach an attachment
// or a verdict. A defect portal is used so the run has findings (their messages are checked too). The driver
// is wrapped to learn every raw cookie value the browser held, which is what must not leak.
test.use({ portalDefects: ['rp-session-not-destroyed'] });

function spying(driver: AuditDriver, seen: Set<string>): AuditDriver {
  return new Proxy(driver, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property === 'cookies') {
        return async () => {
          const cookies = await target.cookies();
          for (const c of cookies) if (c.value.length >= 8) seen.add(c.value);
          return cookies;
        };
      }
      if (property === 'takeExchanges') {
        // Cookies that lived only between two snapshots are seen in the Set-Cookie headers.
        return async () => {
          const exchanges = await target.takeExchanges();
          for (const line of exchanges.flatMap((e) => e.setCookies)) {
            const raw = setCookiePair(line).value;
            if (raw.length >= 8) seen.add(raw);
          }
          return exchanges;
        };
      }
      return value.bind(target);
    },
  });
}

test('no password or raw cookie value reaches the evidence of a run with findings', async ({ target }, testInfo) => {
  const rawValues = new Set<string>();
  const spec = { backend: 'playwright', browser: 'chromium', profile: 'fresh-default', persona: personas.default, executables: auditSettings().executables } as const;
  const driver = spying(createDriver(spec), rawValues);
  const user = target.users[0]!;
  const evidence = playwrightEvidence(testInfo);
  try {
    const result = await play(logoutReplay, {
      target,
      user,
      driver,
      newDriver: () => spying(createDriver(spec), rawValues),
      probes: wrappedProbes(createProbeSource(spec), (probe) => spying(probe, rawValues)),
      evidence,
    });
    expect(result.findings.map((f) => f.code)).toContain('SESSION_VALID_AFTER_LOGOUT');
    await attachVerdict(testInfo, result, evidence.redactor);
  } finally {
    await driver.dispose();
  }

  expect(rawValues.size, 'the spy saw the session cookies').toBeGreaterThan(3);
  const texts = testInfo.attachments
    .filter((a) => !a.contentType.startsWith('image/'))
    .map((a) => ({ name: a.name, text: a.body ? a.body.toString('utf8') : readFileSync(a.path ?? '', 'utf8') }));
  expect(texts.length).toBeGreaterThan(10);
  for (const { name, text } of texts) {
    for (const secret of [...target.users.map((u) => u.password), ...rawValues]) {
      expect(text.includes(secret), `attachment "${name}" contains a secret (${secret.slice(0, 3)}…)`).toBe(false);
    }
  }
});

// The same promise for everything an audit writes, whoever writes it (our reporters, allure-playwright,
// Playwright's own artifacts such as error-context.md, the HTML report, the history): the audit CLI runs in
// its own process against a portal this test starts, so every cookie and token the portal hands out is
// known, and every file under --out is searched, base64 inside the HTML report included. Both runs fail
// their tests (a broken login, findings), which is when Playwright adds artifacts of its own.
test.describe('every file an audit writes', () => {
  test.describe.configure({ timeout: 300_000 });
  const root = resolve('.');

  /** A target file outside the checkout for a portal started here; `login` replaces fields of its login form. */
  function targetFile(portal: RunningPortal, login: Record<string, string> = {}): string {
    const dir = mkdtempSync(join(tmpdir(), 'secrecy-target-'));
    const reference = referenceTarget(portal);
    const file = {
      ...reference,
      login: { ...reference.login, ...login },
      users: portal.users.slice(0, 2).map((u, i) => ({ id: u.username, usernameEnv: `SECRECY_USER_${i}`, passwordEnv: `SECRECY_PASSWORD_${i}`, displayName: u.name })),
    };
    const path = join(dir, 'portal.mjs');
    writeFileSync(path, `export default ${JSON.stringify(file, null, 2)};\n`);
    return path;
  }

  async function auditOutput(defects: DefectId[], scenarios: string, login?: Record<string, string>) {
    const served = recordServedSecrets();
    const portal = await startPortal({ defects, idleTimeoutSeconds: 30 });
    const out = join(mkdtempSync(join(tmpdir(), 'secrecy-out-')), 'out');
    const credentials = Object.fromEntries(portal.users.slice(0, 2).flatMap((u, i) => [[`SECRECY_USER_${i}`, u.username], [`SECRECY_PASSWORD_${i}`, u.password]]));
    try {
      // Asynchronous: the portal answering the audit's browsers lives in this process.
      const child = spawn(process.execPath, [...tsEntry(join(root, 'cli/audit.ts')), '--target', targetFile(portal, login), '--scenarios', scenarios, '--presets', 'fresh-default', '--personas', 'default', '--out', out, '--no-check'], {
        cwd: root,
        env: { ...process.env, ...credentials, AUDIT_SIGNING_KEY: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let log = '';
      child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
      const code = await new Promise<number | null>((done) => child.on('exit', done));
      return { code, log, out, secrets: [...testUsers.map((u) => u.password), ...served.values] };
    } finally {
      served.stop();
      await portal.stop();
    }
  }

  function expectNoSecretIn(run: { log: string; out: string; secrets: string[] }): void {
    expect(run.secrets.length, 'the portal handed out cookies and tokens').toBeGreaterThan(testUsers.length + 2);
    expect(fileCount(run.out), 'the audit wrote its output').toBeGreaterThan(5);
    expect(secretsInFiles(run.out, run.secrets), 'files under --out holding a password, cookie or token').toEqual([]);
    expect(run.secrets.filter((s) => run.log.includes(s)).map((s) => `${s.slice(0, 4)}…`), 'secrets in the audit\'s log').toEqual([]);
  }

  test('a login whose submit button is missing leaves no password in any file', async () => {
    const run = await auditOutput([], 'logout-revisit', { submit: '#no-such-submit-button' });
    expect(run.code, run.log).toBe(2);
    expect(run.log).toContain('BROKEN');
    expectNoSecretIn(run);
  });

  test('token replays and a remember-me login with findings leave no bearer token, refresh or remember-me cookie in any file', async () => {
    // The replays hold every token the pages sent and the remember-me run copies the persistent cookies: all
    // of them pass through findings, control lines and evidence here.
    const run = await auditOutput(['access-token-valid-after-logout', 'refresh-token-not-revoked', 'remember-me-not-revoked'], 'logout-token-replay,logout-remember-me');
    expect(run.code, run.log).toBe(1);
    expect(run.log).toContain('TOKEN_VALID_AFTER_LOGOUT');
    expect(run.log).toContain('REMEMBER_ME_SURVIVED_LOGOUT');
    expectNoSecretIn(run);
  });

  test('a run with findings and a second user leaves no cookie or token value in any file', async () => {
    const run = await auditOutput(['rp-session-not-destroyed'], 'logout-replay,shared-computer');
    expect(run.code, run.log).toBe(1);
    expect(run.log).toContain('SESSION_VALID_AFTER_LOGOUT');
    expectNoSecretIn(run);
  });
});
