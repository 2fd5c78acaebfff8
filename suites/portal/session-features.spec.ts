/**
 * The clean reference portal's session features, over plain HTTP: nothing of the login left in the cookie
 * jar, the idle timeout, the page's API token, and "Logga ut överallt". None of these may give the audit a
 * finding on the clean portal; the defect specs switch each one off in turn.
 */
import { cookiesOf, expect, hostOf, test, user } from './portal-fixtures';
import { findForm, isLoginForm, journalApi, login, logout, metaContent, promptNone, showsPersonalData, walk } from './portal-http';

const INTERACTION_COOKIES = ['_interaction', '_interaction.sig', '_interaction_resume', '_interaction_resume.sig'];

test.describe('clean portal: cookies', () => {
  test('after a completed login no interaction cookie is left on the IdP', async ({ api, portal }) => {
    const { start } = await login(api, portal, user(portal));
    // While the login form shows, the interaction cookies exist (so the check below means something).
    expect(start.hops.flatMap((h) => h.setCookies).some((c) => c.startsWith('_interaction='))).toBe(true);
    const names = (await api.storageState()).cookies.map((c) => c.name);
    for (const name of INTERACTION_COOKIES) expect(names).not.toContain(name);
    expect(names).toEqual(expect.arrayContaining(['portal.sid', '_session']));
  });

  test('after logout the jar holds no cookie value it held while logged in, on either origin', async ({ api, portal }) => {
    await login(api, portal, user(portal));
    const held = new Set((await api.storageState()).cookies.map((c) => c.value));
    expect(held.size).toBeGreaterThanOrEqual(3); // portal.sid, _session, _session.sig
    await logout(api, portal);
    const left = (await api.storageState()).cookies.filter((c) => held.has(c.value));
    expect(left.map((c) => `${c.domain} ${c.name}`)).toEqual([]);
  });

  test('a failed password leaves the interaction alive: the second attempt still logs in', async ({ api, portal }) => {
    const tolvan = user(portal);
    const { done: failed } = await login(api, portal, tolvan, { password: 'not-the-password' });
    const form = findForm(failed, 'login');
    expect(form).toBeDefined();
    const done = await walk(api, form!.action, { method: 'POST', form: { username: tolvan.username, password: tolvan.password } });
    expect(showsPersonalData(done)).toBe(true);
  });
});

test.describe('clean portal: API token', () => {
  test('Mina sidor hands its script a token that only works together with its own live session', async ({ api, newApi, portal }) => {
    const { done } = await login(api, portal, user(portal));
    const token = metaContent(done, 'vp-api-token');
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(done.body).toContain('id="api-journal"');
    expect(done.body).toContain('id="api-result"');

    expect((await journalApi(api, portal, token)).status()).toBe(200);
    expect((await journalApi(api, portal)).status()).toBe(200); // the cookie alone, as before
    expect(await (await journalApi(api, portal, 'not-a-token')).json()).toEqual({ error: 'invalid_token' });

    // Elvan's token does not open Tolvan's session, and a token without its session opens nothing.
    const elvan = await newApi();
    const elvanToken = metaContent((await login(elvan, portal, user(portal, 1))).done, 'vp-api-token')!;
    expect((await journalApi(api, portal, elvanToken)).status()).toBe(401);
    const stranger = await newApi();
    expect(await (await journalApi(stranger, portal, token)).json()).toEqual({ error: 'unauthenticated' });
  });

  test('logout revokes the token: with a copied pre-logout cookie it still fails', async ({ api, newApi, portal }) => {
    const { done } = await login(api, portal, user(portal));
    const token = metaContent(done, 'vp-api-token')!;
    const portalCookies = await cookiesOf(api, hostOf(portal.portalUrl));
    await logout(api, portal);
    expect((await journalApi(api, portal, token)).status()).toBe(401);
    const replay = await newApi({ cookies: portalCookies });
    expect((await journalApi(replay, portal, token)).status()).toBe(401);
  });

  test('nothing browser-side of the defects exists: no stored token, no worker, /login redirects', async ({ api, portal }) => {
    const script = await (await api.get(`${portal.portalUrl}/assets/mina-sidor.js`)).text();
    expect(script).toContain('vp-api-token');
    // The clean single-page part keeps its own access token in localStorage (removed at logout); the
    // token-in-local-storage defect's key is never written.
    expect(script).not.toContain("'vp.accessToken'");
    expect(script).not.toContain('serviceWorker');
    expect((await api.get(`${portal.portalUrl}/sw.js`)).status()).toBe(404);
    expect((await api.get(`${portal.portalUrl}/assets/signing-in.js`)).status()).toBe(404);
    expect((await api.post(`${portal.portalUrl}/api/resume`, { headers: { authorization: 'Bearer x' } })).status()).toBe(404);
    const loginStart = await api.get(`${portal.portalUrl}/login`, { maxRedirects: 0 });
    expect(loginStart.status()).toBe(302);
    expect(loginStart.headers()['location']?.startsWith(`${portal.idpUrl}/auth?`)).toBe(true);
  });
});

test.describe('clean portal: idle timeout', () => {
  test.use({ idleTimeoutSeconds: 1 });

  test('activity keeps the session; idling past the timeout ends it and the IdP asks for the password', async ({ api, portal, logLines, clock }) => {
    expect(portal.idleTimeoutSeconds).toBe(1);
    const { done } = await login(api, portal, user(portal));
    const token = metaContent(done, 'vp-api-token')!;
    for (let i = 0; i < 3; i++) {
      clock.advance(600);
      expect((await journalApi(api, portal)).status()).toBe(200);
    }

    clock.advance(1300);
    const revisit = await walk(api, `${portal.portalUrl}/mina-sidor`);
    expect(revisit.hops[0]).toMatchObject({ status: 302, location: '/login?returnTo=/mina-sidor' });
    const authorize = new URL(revisit.hops[1]!.location!);
    expect(authorize.searchParams.get('prompt')).toBe('login');
    // The IdP's SSO session is alive (prompt=none would succeed), yet it asks for credentials.
    expect((await promptNone(api, portal)).searchParams.has('code')).toBe(true);
    expect(isLoginForm(revisit)).toBe(true);
    expect(showsPersonalData(revisit)).toBe(false);
    expect((await journalApi(api, portal, token)).status()).toBe(401);
    expect(logLines.some((l) => /session of tolvan ended after \d+ s idle/.test(l))).toBe(true);

    // Signing in again works, and the next authorization request is an ordinary one again.
    const form = findForm(revisit, 'login')!;
    const again = await walk(api, form.action, { method: 'POST', form: { username: 'tolvan', password: user(portal).password } });
    expect(showsPersonalData(again)).toBe(true);
    await logout(api, portal);
    const next = await walk(api, `${portal.portalUrl}/mina-sidor`);
    expect(new URL(next.hops[1]!.location!).searchParams.has('prompt')).toBe(false);
  });

  test('a logout arriving after the timeout still logs out everywhere and names the IdP session', async ({ newApi, portal, clock }) => {
    const [phone, laptop] = [await newApi(), await newApi()];
    await login(laptop, portal, user(portal));
    await login(phone, portal, user(portal));
    clock.advance(1300);
    const { first, done } = await logout(phone, portal, '/logout/everywhere');
    expect(first.hops[0]!.location).toContain('id_token_hint=');
    expect(done.url).toBe(`${portal.portalUrl}/utloggad`);
    const laptopRevisit = await walk(laptop, `${portal.portalUrl}/mina-sidor`);
    expect(isLoginForm(laptopRevisit)).toBe(true);
    expect((await promptNone(laptop, portal)).searchParams.get('error')).toBe('login_required');
  });

  test('anonymous requests neither count as activity nor create a session', async ({ api, portal, clock }) => {
    for (const path of ['/', '/utloggad', '/favicon.ico', '/assets/mina-sidor.js']) {
      const res = await api.get(`${portal.portalUrl}${path}`);
      expect(res.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie'), path).toEqual([]);
    }
    await login(api, portal, user(portal));
    clock.advance(1300);
    // Public pages in between are not activity of the session either: it has still expired.
    expect((await api.get(`${portal.portalUrl}/favicon.ico`)).status()).toBe(204);
    expect((await journalApi(api, portal)).status()).toBe(401);
  });
});

test.describe('clean portal: "Logga ut överallt"', () => {
  test('ends every session of the person on every device, at the portal and the IdP, and no one else\'s', async ({ newApi, portal, logLines }) => {
    const [phone, laptop, elvan] = [await newApi(), await newApi(), await newApi()];
    const laptopToken = metaContent((await login(laptop, portal, user(portal))).done, 'vp-api-token')!;
    const { done: phonePage } = await login(phone, portal, user(portal));
    expect(phonePage.body).toContain('<form action="/logout/everywhere" method="post"><button id="logout-everywhere"');
    await login(elvan, portal, user(portal, 1));

    const { first, confirm, done } = await logout(phone, portal, '/logout/everywhere');
    expect(first.hops[0]!.location?.startsWith(`${portal.idpUrl}/session/end?`)).toBe(true);
    expect(confirm).toBeDefined();
    expect(done.url).toBe(`${portal.portalUrl}/utloggad`);
    expect(done.body).toContain('id="logged-out"');
    expect(await cookiesOf(phone, hostOf(portal.idpUrl))).toEqual([]);
    expect(logLines).toContain('idp: back-channel logout of tolvan ended 2 session(s)');

    // The laptop: portal session, token and IdP session all gone.
    expect((await journalApi(laptop, portal, laptopToken)).status()).toBe(401);
    expect((await promptNone(laptop, portal)).searchParams.get('error')).toBe('login_required');
    const laptopRevisit = await walk(laptop, `${portal.portalUrl}/mina-sidor`);
    expect(isLoginForm(laptopRevisit)).toBe(true);

    // Elvan, on her own device, is untouched.
    expect(showsPersonalData(await walk(elvan, `${portal.portalUrl}/mina-sidor`))).toBe(true);
    expect((await promptNone(elvan, portal)).searchParams.has('code')).toBe(true);
  });

  test("the IdP's back channel only answers the portal's client credentials", async ({ api, portal }) => {
    const url = `${portal.idpUrl}/backchannel/end-sessions`;
    expect((await api.post(url, { form: { sub: 'tolvan' } })).status()).toBe(401);
    const wrong = Buffer.from(`${portal.clientId}:not-the-secret`).toString('base64');
    const res = await api.post(url, { form: { sub: 'tolvan' }, headers: { authorization: `Basic ${wrong}` } });
    expect(res.status()).toBe(401);
    expect(await res.json()).toEqual({ error: 'invalid_client' });
  });
});
