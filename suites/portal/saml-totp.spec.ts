/**
 * The SAML identity provider runs the same second factor as the OpenID Connect one (`--portal-idp saml
 * --portal-mfa totp`), over plain HTTP: the password alone gets no assertion, a wrong code is refused, the right
 * one gets the signed assertion that opens Mina sidor, and that code is refused if used again. The portal's
 * clock is the test's.
 */
import type { APIRequestContext } from '@playwright/test';
import { generateSync } from 'otplib';
import { startPortal, type RunningPortal } from '../../portal/start';
import { totpSecretEnv } from '../../portal/totp-secrets';
import { expect, test, user } from './portal-fixtures';
import { findForm, showsPersonalData, walk, type Walk } from './portal-http';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

async function submit(api: APIRequestContext, page: Walk, id: string, form: Record<string, string>): Promise<Walk> {
  const found = findForm(page, id);
  if (!found) throw new Error(`no form#${id} at ${page.url} (HTTP ${page.final.status()})`);
  return walk(api, found.action, { method: 'POST', form: { ...found.hidden, ...form } });
}

test.describe('SAML IdP with a TOTP second factor', () => {
  let portal: RunningPortal;
  let saved: string | undefined;

  test.beforeEach(async ({ clock }) => {
    saved = process.env[totpSecretEnv('tolvan')];
    process.env[totpSecretEnv('tolvan')] = SECRET;
    portal = await startPortal({ idp: 'saml', mfa: 'totp', now: clock.now, log: () => undefined });
  });

  test.afterEach(async () => {
    await portal.stop();
    if (saved === undefined) delete process.env[totpSecretEnv('tolvan')];
    else process.env[totpSecretEnv('tolvan')] = saved;
  });

  test('the password alone gets no assertion; a wrong code is refused; the right one logs in once', async ({ api, newApi, clock }) => {
    const tolvan = user(portal);
    const start = await walk(api, `${portal.portalUrl}/mina-sidor`);
    const afterPassword = await submit(api, start, 'login', { username: tolvan.username, password: tolvan.password });
    expect(findForm(afterPassword, 'totp'), 'the IdP asks for the code after the password').toBeDefined();
    expect(findForm(afterPassword, 'saml-post'), 'no assertion before the code').toBeUndefined();

    const right = generateSync({ secret: SECRET, epoch: Math.floor(clock.now() / 1000), period: 30 });
    const refused = await submit(api, afterPassword, 'totp', { otp: right === '000000' ? '111111' : '000000' });
    expect(findForm(refused, 'saml-post')).toBeUndefined();
    expect(refused.body).toContain('login-error');

    const assertion = await submit(api, refused, 'totp', { otp: right });
    const done = await submit(api, assertion, 'saml-post', {});
    expect(showsPersonalData(done), 'the assertion after the code opens Mina sidor').toBe(true);

    // The same code again, in the same window, from another browser with the right password: refused.
    const other = await newApi();
    const again = await submit(other, await walk(other, `${portal.portalUrl}/mina-sidor`), 'login', { username: tolvan.username, password: tolvan.password });
    const replay = await submit(other, again, 'totp', { otp: right });
    expect(findForm(replay, 'saml-post'), 'a used code gets no assertion').toBeUndefined();
    expect(replay.body).toContain('login-error');
  });
});
