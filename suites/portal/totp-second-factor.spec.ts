/**
 * The reference IdP's second factor (`--portal-mfa totp`), over plain HTTP: after the right password it asks
 * for a one-time code; a wrong code is refused, a right one logs in, and a code already used is refused for
 * the rest of its window (RFC 6238 section 5.2), while the next window's code logs in again. The portal's clock
 * is the test's, so "the next window" takes no waiting.
 */
import { generateSync } from 'otplib';
import { startPortal, type RunningPortal } from '../../portal/start';
import { totpSecretEnv } from '../../portal/totp-secrets';
import { expect, test } from './portal-fixtures';
import { findForm, login, logout, showsPersonalData, walk, type Walk } from './portal-http';

// Fixed test secrets given through the environment, as an operator would (base32, 160 bits).
const SECRETS = { tolvan: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', elvan: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' };
const PERIOD_MS = 30_000;

test.describe('reference IdP with a TOTP second factor', () => {
  let portal: RunningPortal;
  const saved = new Map<string, string | undefined>();
  const lines: string[] = [];

  test.beforeEach(async ({ clock }) => {
    for (const [username, secret] of Object.entries(SECRETS)) {
      saved.set(totpSecretEnv(username), process.env[totpSecretEnv(username)]);
      process.env[totpSecretEnv(username)] = secret;
    }
    lines.length = 0;
    portal = await startPortal({ mfa: 'totp', now: clock.now, log: (line) => lines.push(line) });
  });

  test.afterEach(async () => {
    await portal.stop();
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const tolvan = () => portal.users.find((u) => u.username === 'tolvan')!;
  const codeAt = (ms: number, secret = SECRETS.tolvan) => generateSync({ secret, epoch: Math.floor(ms / 1000), period: 30 });
  const sendCode = (api: Parameters<typeof walk>[0], page: Walk, otp: string) => {
    const form = findForm(page, 'totp');
    if (!form) throw new Error(`no code form at ${page.url}: ${page.body.slice(0, 200)}`);
    return walk(api, form.action, { method: 'POST', form: { otp } });
  };

  test('the portal says where each secret is, and the password alone does not log in', async ({ api }) => {
    expect(portal.mfa).toEqual({ kind: 'totp', secretEnvByUser: expect.objectContaining({ tolvan: 'REFERENCE_TOTP_SECRET_TOLVAN' }) });
    const { done } = await login(api, portal, tolvan());
    expect(findForm(done, 'totp')).toBeDefined();
    expect(showsPersonalData(done)).toBe(false);
    // Asking for Mina sidor again does not skip the code: the IdP shows its forms, never the personal data.
    expect(showsPersonalData(await walk(api, `${portal.portalUrl}/mina-sidor`))).toBe(false);
  });

  test('a wrong code and another user\'s code are refused; the right one logs in', async ({ api, clock }) => {
    const { done } = await login(api, portal, tolvan());
    const right = codeAt(clock.now());
    const wrong = right === '000000' ? '111111' : '000000';
    const refused = await sendCode(api, done, wrong);
    expect(refused.body).toContain('class="login-error"');
    expect(showsPersonalData(refused)).toBe(false);
    const othersCode = await sendCode(api, refused, codeAt(clock.now(), SECRETS.elvan));
    expect(showsPersonalData(othersCode)).toBe(false);
    const accepted = await sendCode(api, othersCode, right);
    expect(showsPersonalData(accepted)).toBe(true);
    expect(lines.filter((l) => l.includes('one-time code'))).toEqual([
      'idp: tolvan gave a wrong one-time code',
      'idp: tolvan gave a wrong one-time code',
      'idp: tolvan gave a valid one-time code',
    ]);
  });

  test('a code already used is refused within its window; the next window\'s code logs in', async ({ api, clock }) => {
    const first = codeAt(clock.now());
    expect(showsPersonalData(await sendCode(api, (await login(api, portal, tolvan())).done, first))).toBe(true);
    await logout(api, portal);

    // The same code again, in the same window: a replay.
    const again = (await login(api, portal, tolvan())).done;
    const replayed = await sendCode(api, again, first);
    expect(showsPersonalData(replayed)).toBe(false);
    expect(replayed.body).toContain('class="login-error"');
    expect(lines).toContain('idp: tolvan gave a reused one-time code');

    // The next window: its code logs in, and afterwards the window before it is spent as well.
    clock.advance(PERIOD_MS);
    expect(showsPersonalData(await sendCode(api, replayed, codeAt(clock.now())))).toBe(true);
    await logout(api, portal);
    const older = await sendCode(api, (await login(api, portal, tolvan())).done, codeAt(clock.now() - PERIOD_MS));
    expect(showsPersonalData(older)).toBe(false);
  });

  test('five wrong codes end the login: the password is asked again', async ({ api, clock }) => {
    let page = (await login(api, portal, tolvan())).done;
    const wrong = ['000000', '111111', '222222', '333333', '444444', '555555'].filter((c) => c !== codeAt(clock.now()) && c !== codeAt(clock.now() - PERIOD_MS));
    for (const code of wrong.slice(0, 5)) page = await sendCode(api, page, code);
    expect(findForm(page, 'totp')).toBeUndefined();
    expect(findForm(page, 'login')).toBeDefined();
  });
});
