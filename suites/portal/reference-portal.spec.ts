/**
 * The reference portal itself, over plain HTTP (no browser): it logs in and out correctly when clean, and
 * every catalogued defect shows its symptom at the HTTP level (the logout defects here; the session and
 * browser-side ones in session-defects.spec.ts and browser-side-defects.spec.ts; the clean portal's newer
 * features in session-features.spec.ts). The audit's own defect specs then prove the scenarios catch them
 * in real browsers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defectCatalogue, defectIds, parseDefects } from '../../portal/defects';
import { startPortal } from '../../portal/start';
import { CHROME_UA, cookiesOf, expect, hostOf, IE11_UA, test, user } from './portal-fixtures';
import { findForm, isLoginForm, login, logout, promptNone, setCookiesNamed, showsPersonalData, walk } from './portal-http';

test.describe('reference portal, clean', () => {
  test('starts on two loopback origins, serves discovery and stops promptly', async ({ api }) => {
    const [a, b] = await Promise.all([startPortal(), startPortal()]);
    try {
      for (const p of [a, b]) {
        expect(p.portalUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(p.idpUrl).toMatch(/^http:\/\/localhost:\d+$/);
        expect(p.issuer).toBe(p.idpUrl);
        expect(p.defects).toEqual([]);
        expect(p.idleTimeoutSeconds).toBe(10);
      }
      expect(a.portalUrl).not.toBe(b.portalUrl);
      // oidc-provider builds the endpoint URLs it advertises from the Host header, so ask for localhost.
      const discovery = (await (await api.get(`${a.idpUrl}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
      expect(discovery.issuer).toBe(a.issuer);
      expect(discovery.end_session_endpoint).toBe(`${a.issuer}/session/end`);
    } finally {
      const started = Date.now();
      await Promise.all([a.stop(), b.stop()]);
      expect(Date.now() - started).toBeLessThan(1000);
    }
    await expect(fetch(`${a.portalUrl}/`)).rejects.toThrow();
    await a.stop(); // a second stop is harmless
  });

  test('login goes through the IdP and shows the personal-data marker', async ({ api, portal, logLines }) => {
    const tolvan = user(portal);
    const { start, done } = await login(api, portal, tolvan);
    expect(start.hops[0]).toMatchObject({ status: 302, location: '/login?returnTo=/mina-sidor' });
    expect(start.url.startsWith(`${portal.idpUrl}/interaction/`)).toBe(true);
    expect(done.url).toBe(`${portal.portalUrl}/mina-sidor`);
    expect(showsPersonalData(done)).toBe(true);
    expect(done.body).toContain(`Hej ${tolvan.name}!`);
    expect(done.final.headers()['cache-control']).toBe('no-store');

    // The portal cookie: a session cookie, HttpOnly, Lax, and a new id at login.
    const portalSid = setCookiesNamed([start, done], 'portal.sid');
    expect(portalSid.length).toBeGreaterThanOrEqual(2);
    for (const c of portalSid) {
      expect(c.attributes.has('httponly')).toBe(true);
      expect(c.attributes.get('samesite')?.toLowerCase()).toBe('lax');
      expect(c.attributes.get('path')).toBe('/');
      expect(c.attributes.has('expires') || c.attributes.has('max-age')).toBe(false);
    }
    expect(portalSid.at(-1)!.value).not.toBe(portalSid[0]!.value);

    // The IdP's SSO cookie without "remember me": a session cookie, HttpOnly, Lax, not Secure on http.
    const idpSession = setCookiesNamed([done], '_session');
    expect(idpSession.length).toBeGreaterThan(0);
    for (const c of idpSession) {
      expect(c.attributes.has('httponly')).toBe(true);
      expect(c.attributes.get('samesite')?.toLowerCase()).toBe('lax');
      expect(c.attributes.has('secure')).toBe(false);
      expect(c.attributes.has('expires') || c.attributes.has('max-age')).toBe(false);
    }

    const journal = await api.get(`${portal.portalUrl}/api/journal`);
    expect(journal.status()).toBe(200);
    expect(((await journal.json()) as { name: string }).name).toBe(tolvan.name);

    // Nothing secret in the log: no password, no JWT.
    const log = logLines.join('\n');
    for (const u of portal.users) expect(log).not.toContain(u.password);
    expect(log).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
  });

  test('"Kom ihåg mig" makes the IdP session cookie persistent', async ({ api, portal }) => {
    const { done } = await login(api, portal, user(portal), { remember: true });
    const idpSession = setCookiesNamed([done], '_session');
    expect(idpSession.length).toBeGreaterThan(0);
    for (const c of idpSession) expect(c.attributes.has('expires')).toBe(true);
  });

  test('a wrong password re-renders the login form with .login-error', async ({ api, portal }) => {
    const { done } = await login(api, portal, user(portal), { password: 'not-the-password' });
    expect(done.final.status()).toBe(200);
    expect(isLoginForm(done)).toBe(true);
    expect(done.body).toContain('class="login-error"');
    expect(done.body).toContain('Fel användarnamn eller lösenord');
    expect(showsPersonalData(done)).toBe(false);
  });

  test('the journal API answers 401 without a session', async ({ api, portal }) => {
    const res = await api.get(`${portal.portalUrl}/api/journal`);
    expect(res.status()).toBe(401);
  });

  test('logout ends both sessions: revisiting Mina sidor ends at the IdP login form', async ({ api, portal }) => {
    await login(api, portal, user(portal));
    const { first, confirm, done } = await logout(api, portal);
    expect(first.hops[0]!.status).toBe(303);
    expect(first.hops[0]!.location?.startsWith(`${portal.idpUrl}/session/end?`)).toBe(true);
    expect(first.hops[0]!.location).toContain('id_token_hint=');
    expect(confirm?.hidden.logout).toBe('yes');
    expect(done.url).toBe(`${portal.portalUrl}/utloggad`);
    expect(done.body).toContain('id="logged-out"');
    expect(await cookiesOf(api, '127.0.0.1')).toEqual([]);

    const revisit = await walk(api, `${portal.portalUrl}/mina-sidor`);
    expect(revisit.url.startsWith(`${portal.idpUrl}/interaction/`)).toBe(true);
    expect(isLoginForm(revisit)).toBe(true);
    expect(showsPersonalData(revisit)).toBe(false);
  });

  test('after logout copied cookies are worthless and prompt=none answers login_required', async ({ api, newApi, portal }) => {
    await login(api, portal, user(portal));
    const portalCookies = await cookiesOf(api, hostOf(portal.portalUrl));
    const idpCookies = await cookiesOf(api, hostOf(portal.idpUrl));
    expect(portalCookies.map((c) => c.name)).toContain('portal.sid');
    expect(idpCookies.map((c) => c.name)).toContain('_session');
    await logout(api, portal);

    const replayPortal = await newApi({ cookies: portalCookies });
    const revisit = await walk(replayPortal, `${portal.portalUrl}/mina-sidor`);
    expect(revisit.hops[0]).toMatchObject({ status: 302, location: '/login?returnTo=/mina-sidor' });
    expect(isLoginForm(revisit)).toBe(true);

    const replayIdp = await newApi({ cookies: idpCookies });
    expect((await promptNone(replayIdp, portal)).searchParams.get('error')).toBe('login_required');
    expect((await promptNone(api, portal)).searchParams.get('error')).toBe('login_required');
  });
});

test.describe('defect rp-logout-local-only', () => {
  test.use({ defects: ['rp-logout-local-only'] });

  test('logout skips the IdP, whose session then logs the user in again silently', async ({ api, newApi, portal }) => {
    await login(api, portal, user(portal));
    const idpCookies = await cookiesOf(api, hostOf(portal.idpUrl));
    const { first, done } = await logout(api, portal);
    expect(first.hops[0]).toMatchObject({ status: 303, location: '/utloggad' });
    expect(first.hops.some((h) => h.url.startsWith(portal.idpUrl))).toBe(false);
    expect(done.body).toContain('id="logged-out"');

    expect((await promptNone(api, portal)).searchParams.has('code')).toBe(true);
    expect(showsPersonalData(await walk(api, `${portal.portalUrl}/mina-sidor`))).toBe(true);
    const replayIdp = await newApi({ cookies: idpCookies });
    expect((await promptNone(replayIdp, portal)).searchParams.has('code')).toBe(true);
  });
});

test.describe('defect rp-session-not-destroyed', () => {
  test.use({ defects: ['rp-session-not-destroyed'] });

  test('logout clears the cookie and ends the IdP session, but an old portal cookie still works', async ({ api, newApi, portal }) => {
    await login(api, portal, user(portal));
    const portalCookies = await cookiesOf(api, hostOf(portal.portalUrl));
    const { confirm, done } = await logout(api, portal);
    expect(confirm?.hidden.logout).toBe('yes');
    expect(done.url).toBe(`${portal.portalUrl}/utloggad`);
    expect(await cookiesOf(api, '127.0.0.1')).toEqual([]);
    expect((await promptNone(api, portal)).searchParams.get('error')).toBe('login_required');

    const replay = await newApi({ cookies: portalCookies });
    const revisit = await walk(replay, `${portal.portalUrl}/mina-sidor`);
    expect(revisit.final.status()).toBe(200);
    expect(showsPersonalData(revisit)).toBe(true);
  });
});

test.describe('defect idp-logout-keeps-session', () => {
  test.use({ defects: ['idp-logout-keeps-session'] });

  test("the IdP's end_session answers success but prompt=none still succeeds, also with pre-logout cookies", async ({ api, newApi, portal }) => {
    await login(api, portal, user(portal));
    const idpCookies = await cookiesOf(api, hostOf(portal.idpUrl));
    const { first, confirm, done } = await logout(api, portal);
    expect(first.hops[0]!.location?.startsWith(`${portal.idpUrl}/session/end?`)).toBe(true);
    expect(confirm).toBeUndefined();
    expect(done.url).toBe(`${portal.portalUrl}/utloggad`);

    expect((await promptNone(api, portal)).searchParams.has('code')).toBe(true);
    const replayIdp = await newApi({ cookies: idpCookies });
    expect((await promptNone(replayIdp, portal)).searchParams.has('code')).toBe(true);
    expect(showsPersonalData(await walk(api, `${portal.portalUrl}/mina-sidor`))).toBe(true);
  });
});

test.describe('defect idp-persistent-sso-cookie', () => {
  test.use({ defects: ['idp-persistent-sso-cookie'] });

  test('the IdP session cookie carries Expires although "Kom ihåg mig" was not ticked', async ({ api, portal }) => {
    const { done } = await login(api, portal, user(portal));
    const idpSession = setCookiesNamed([done], '_session');
    expect(idpSession.length).toBeGreaterThan(0);
    for (const c of idpSession) expect(c.attributes.has('expires')).toBe(true);
  });
});

test.describe('defect ua-trident-logout-skipped', () => {
  test.use({ defects: ['ua-trident-logout-skipped'] });

  test('an IE11 User-Agent skips the IdP end_session, a Chrome one does not', async ({ newApi, portal }) => {
    const ie = await newApi({ userAgent: IE11_UA });
    await login(ie, portal, user(portal));
    const ieLogout = await logout(ie, portal);
    expect(ieLogout.first.hops[0]).toMatchObject({ status: 303, location: '/utloggad' });
    expect((await promptNone(ie, portal)).searchParams.has('code')).toBe(true);

    const chrome = await newApi({ userAgent: CHROME_UA });
    await login(chrome, portal, user(portal));
    const chromeLogout = await logout(chrome, portal);
    expect(chromeLogout.first.hops[0]!.location?.startsWith(`${portal.idpUrl}/session/end?`)).toBe(true);
    expect((await promptNone(chrome, portal)).searchParams.get('error')).toBe('login_required');
  });
});

test.describe('defect logout-link-cosmetic', () => {
  test.use({ defects: ['logout-link-cosmetic'] });

  test('logout shows the logged-out page and ends nothing', async ({ api, portal }) => {
    await login(api, portal, user(portal));
    const { done } = await logout(api, portal);
    expect(done.url).toBe(`${portal.portalUrl}/utloggad`);
    expect(done.body).toContain('id="logged-out"');
    const revisit = await walk(api, `${portal.portalUrl}/mina-sidor`);
    expect(revisit.hops).toHaveLength(1);
    expect(showsPersonalData(revisit)).toBe(true);
    expect((await promptNone(api, portal)).searchParams.has('code')).toBe(true);
  });
});

test.describe('defect catalogue', () => {
  test('every catalogue defect has a branch tagged "// defect: <id>" in portal/, and every tag a catalogue entry', () => {
    const dir = fileURLToPath(new URL('../../portal/', import.meta.url));
    const tags = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      for (const m of readFileSync(`${dir}${file}`, 'utf8').matchAll(/\/\/ defect: ([a-z0-9-]+)/g)) tags.add(m[1]!);
    }
    expect([...tags].sort()).toEqual([...defectIds].sort());
  });

  test('entries are well-formed: unique ids, at least one catching scenario, known companion defects', () => {
    expect(new Set(defectIds).size).toBe(defectIds.length);
    for (const entry of defectCatalogue) {
      expect(entry.caughtBy.length, entry.id).toBeGreaterThan(0);
      for (const c of entry.caughtBy) {
        expect(c.code, entry.id).toMatch(/^[A-Z][A-Z_]+$/);
        for (const other of ('combinedWith' in c ? c.combinedWith : []) as readonly string[]) expect(defectIds).toContain(other);
      }
    }
  });

  test('parseDefects accepts comma lists and arrays, and names an unknown id with the valid ones', () => {
    expect(parseDefects('')).toEqual([]);
    expect(parseDefects(' rp-logout-local-only , logout-link-cosmetic,rp-logout-local-only')).toEqual(['rp-logout-local-only', 'logout-link-cosmetic']);
    expect(parseDefects(['idp-persistent-sso-cookie', 'rp-logout-local-only'])).toEqual(['idp-persistent-sso-cookie', 'rp-logout-local-only']);
    expect(() => parseDefects('rp-logout-local-only,no-such-defect')).toThrow(/"no-such-defect".*rp-logout-local-only, rp-session-not-destroyed/);
  });

  test('the login form has the selectors the audit relies on', async ({ api, portal }) => {
    const start = await walk(api, `${portal.portalUrl}/mina-sidor`);
    expect(findForm(start, 'login')).toBeDefined();
    for (const selector of ['id="username" name="username"', 'id="password" name="password" type="password"', 'id="remember" name="remember" type="checkbox"', 'id="sign-in" type="submit"']) {
      expect(start.body).toContain(selector);
    }
    expect(start.body).toContain('Kom ihåg mig');
  });
});
