/**
 * Session defects of the reference portal, each shown at the HTTP level with a fresh portal that has only
 * that defect on: the persistent session cookie, session fixation, no idle timeout, "log out everywhere"
 * that is local only, and an API that trusts a token after logout.
 */
import { cookiesOf, expect, hostOf, test, user } from './portal-fixtures';
import { journalApi, login, logout, metaContent, promptNone, setCookiesNamed, showsPersonalData, walk } from './portal-http';

const DAY_MS = 24 * 60 * 60 * 1000;

test.describe('defect rp-persistent-session-cookie', () => {
  test.use({ defects: ['rp-persistent-session-cookie'] });

  test('portal.sid is issued with an expiry 30 days ahead, before and after login', async ({ api, portal }) => {
    const { start, done } = await login(api, portal, user(portal));
    const issued = setCookiesNamed([start, done], 'portal.sid').filter((c) => c.value !== '');
    expect(issued.length).toBeGreaterThanOrEqual(2);
    for (const c of issued) {
      const expires = Date.parse(c.attributes.get('expires') ?? '');
      expect(expires - Date.now()).toBeGreaterThan(29 * DAY_MS);
      expect(expires - Date.now()).toBeLessThanOrEqual(30 * DAY_MS + 1000);
      expect(c.attributes.has('httponly')).toBe(true);
    }
    const [jar] = await cookiesOf(api, hostOf(portal.portalUrl));
    expect(jar?.name).toBe('portal.sid');
    expect(jar!.expires * 1000 - Date.now()).toBeGreaterThan(29 * DAY_MS);

    // Logout still works: the cookie is expired and the session ended.
    await logout(api, portal);
    expect(await cookiesOf(api, hostOf(portal.portalUrl))).toEqual([]);
  });
});

test.describe('defect session-fixation', () => {
  test.use({ defects: ['session-fixation'] });

  test('the pre-login session id survives login: a planted id opens the victim\'s Mina sidor', async ({ newApi, portal }) => {
    // The attacker obtains a pre-login session at /login and plants its cookie in the victim's browser.
    const attacker = await newApi();
    await attacker.get(`${portal.portalUrl}/login?returnTo=/mina-sidor`, { maxRedirects: 0 });
    const planted = await cookiesOf(attacker, hostOf(portal.portalUrl));
    expect(planted.map((c) => c.name)).toEqual(['portal.sid']);

    const victim = await newApi({ cookies: planted });
    const { start, done } = await login(victim, portal, user(portal));
    expect(showsPersonalData(done)).toBe(true);
    // The portal never issued the victim an id of its own: the planted one is now logged in.
    expect(setCookiesNamed([start, done], 'portal.sid')).toEqual([]);
    expect((await cookiesOf(victim, hostOf(portal.portalUrl)))[0]?.value).toBe(planted[0]!.value);

    const hijack = await walk(attacker, `${portal.portalUrl}/mina-sidor`);
    expect(showsPersonalData(hijack)).toBe(true);
    expect(hijack.body).toContain(user(portal).personnummer);
  });
});

test.describe('defect session-fixation, without an attacker', () => {
  test.use({ defects: ['session-fixation'] });

  test('a fresh browser keeps the portal.sid it got at /login after logging in', async ({ api, portal }) => {
    const { start, done } = await login(api, portal, user(portal));
    const ids = setCookiesNamed([start, done], 'portal.sid').map((c) => c.value);
    expect(ids).toHaveLength(1); // set once, at /login, never rotated
    expect((await cookiesOf(api, hostOf(portal.portalUrl)))[0]?.value).toBe(ids[0]);
    expect(showsPersonalData(done)).toBe(true);
  });
});

test.describe('defect no-idle-timeout', () => {
  test.use({ defects: ['no-idle-timeout'], idleTimeoutSeconds: 1 });

  test('a session idle longer than the timeout still opens Mina sidor and the API', async ({ api, portal, clock }) => {
    expect(portal.idleTimeoutSeconds).toBe(1);
    await login(api, portal, user(portal));
    clock.advance(1500);
    const revisit = await walk(api, `${portal.portalUrl}/mina-sidor`);
    expect(revisit.hops).toHaveLength(1);
    expect(showsPersonalData(revisit)).toBe(true);
    clock.advance(1500);
    expect((await journalApi(api, portal)).status()).toBe(200);
  });
});

test.describe('defect logout-everywhere-local-only', () => {
  test.use({ defects: ['logout-everywhere-local-only'] });

  test('"Logga ut överallt" logs this browser out, but the other device stays logged in', async ({ newApi, portal, logLines }) => {
    const [phone, laptop] = [await newApi(), await newApi()];
    await login(laptop, portal, user(portal));
    await login(phone, portal, user(portal));

    const { done } = await logout(phone, portal, '/logout/everywhere');
    expect(done.url).toBe(`${portal.portalUrl}/utloggad`);
    expect((await promptNone(phone, portal)).searchParams.get('error')).toBe('login_required');
    expect(logLines.some((l) => l.includes('back-channel'))).toBe(false);

    const laptopRevisit = await walk(laptop, `${portal.portalUrl}/mina-sidor`);
    expect(laptopRevisit.hops).toHaveLength(1);
    expect(showsPersonalData(laptopRevisit)).toBe(true);
    expect((await promptNone(laptop, portal)).searchParams.has('code')).toBe(true);
  });
});

test.describe('defect other-tab-keeps-working', () => {
  test.use({ defects: ['other-tab-keeps-working'] });

  test("after logout the page's token alone still reads the journal", async ({ api, newApi, portal }) => {
    const { done } = await login(api, portal, user(portal));
    const token = metaContent(done, 'vp-api-token')!;
    await logout(api, portal);
    expect(await cookiesOf(api, hostOf(portal.portalUrl))).toEqual([]);

    // The other tab: same browser, no portal cookie any more, the token from the page it still shows.
    const otherTab = await journalApi(api, portal, token);
    expect(otherTab.status()).toBe(200);
    expect(((await otherTab.json()) as { name: string }).name).toBe(user(portal).name);
    expect((await journalApi(await newApi(), portal, token)).status()).toBe(200);
    // Without the token the API still asks for a session.
    expect((await journalApi(api, portal)).status()).toBe(401);
  });
});
