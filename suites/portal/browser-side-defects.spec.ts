/**
 * Defects of the reference portal that live in the browser (cache headers, localStorage, a service worker,
 * a remembered user), shown at the HTTP level: the headers, scripts and endpoints that make them happen.
 * Plain HTTP runs no JavaScript, so where a page's script would act, the test sends what it would send.
 */
import type { APIRequestContext } from '@playwright/test';
import type { RunningPortal, TestUser } from '../../portal/start';
import { cookiesOf, expect, hostOf, test, user } from './portal-fixtures';
import { elementAttribute, findForm, journalApi, logout, metaContent, setCookiesNamed, showsPersonalData, walk, type Walk } from './portal-http';

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

test.describe('defect cacheable-authenticated-pages', () => {
  test.use({ defects: ['cacheable-authenticated-pages'] });

  test('Mina sidor may be cached for ten minutes; other responses still say no-store', async ({ api, portal }) => {
    const start = await walk(api, `${portal.portalUrl}/mina-sidor`);
    expect(start.hops[0]!.status).toBe(302);
    const form = findForm(start, 'login')!;
    const done = await walk(api, form.action, { method: 'POST', form: { username: 'tolvan', password: user(portal).password } });
    expect(showsPersonalData(done)).toBe(true);
    expect(done.final.headers()['cache-control']).toBe('private, max-age=600');
    expect((await journalApi(api, portal)).headers()['cache-control']).toBe('no-store');
    expect((await api.get(`${portal.portalUrl}/utloggad`)).headers()['cache-control']).toBe('no-store');
  });
});

/** Logs in through the signing-in page of token-in-local-storage, as its script does without a stored token. */
async function loginViaSigningInPage(api: APIRequestContext, portal: RunningPortal, who: TestUser): Promise<{ signingIn: Walk; done: Walk }> {
  const signingIn = await walk(api, `${portal.portalUrl}/mina-sidor`);
  const authorize = elementAttribute(signingIn, 'signing-in', 'data-authorize');
  if (!authorize) throw new Error(`no signing-in page at ${signingIn.url}`);
  const form = findForm(await walk(api, authorize), 'login')!;
  const done = await walk(api, form.action, { method: 'POST', form: { username: who.username, password: who.password } });
  return { signingIn, done };
}

test.describe('defect token-in-local-storage', () => {
  test.use({ defects: ['token-in-local-storage'] });

  test('the page stores its token in localStorage and /login serves a page that signs in from it', async ({ api, portal }) => {
    const script = await (await api.get(`${portal.portalUrl}/assets/mina-sidor.js`)).text();
    expect(script).toContain("window.localStorage.setItem('vp.accessToken', token)");
    const signingInScript = await (await api.get(`${portal.portalUrl}/assets/signing-in.js`)).text();
    expect(signingInScript).toContain("window.localStorage.getItem('vp.accessToken')");
    expect(signingInScript).toContain("xhr.open('POST', '/api/resume')");

    const { signingIn, done } = await loginViaSigningInPage(api, portal, user(portal));
    expect(signingIn.url).toBe(`${portal.portalUrl}/login?returnTo=/mina-sidor`);
    expect(signingIn.final.status()).toBe(200);
    expect(elementAttribute(signingIn, 'signing-in', 'data-return-to')).toBe('/mina-sidor');
    expect(elementAttribute(signingIn, 'signing-in', 'data-authorize')?.startsWith(`${portal.idpUrl}/auth?`)).toBe(true);
    expect(showsPersonalData(done)).toBe(true);
  });

  test('after a clean logout, /api/resume turns the revoked token back into a session', async ({ api, newApi, portal }) => {
    const { done } = await loginViaSigningInPage(api, portal, user(portal));
    const stored = metaContent(done, 'vp-api-token')!; // what the page put in localStorage
    await logout(api, portal);
    expect(await cookiesOf(api, hostOf(portal.portalUrl))).toEqual([]);
    expect((await journalApi(api, portal, stored)).status()).toBe(401); // the token is revoked for the API...

    const resume = await api.post(`${portal.portalUrl}/api/resume`, { headers: { authorization: `Bearer ${stored}` } });
    expect(resume.status()).toBe(200); // ...but still opens a session here
    const revisit = await walk(api, `${portal.portalUrl}/mina-sidor`);
    expect(revisit.hops).toHaveLength(1);
    expect(showsPersonalData(revisit)).toBe(true);

    const unknown = await (await newApi()).post(`${portal.portalUrl}/api/resume`, { headers: { authorization: 'Bearer made-up' } });
    expect(unknown.status()).toBe(401);
  });
});

test.describe('defect service-worker-page-cache', () => {
  test.use({ defects: ['service-worker-page-cache'] });

  test('Mina sidor registers /sw.js, which caches the page on install and answers it cache-first', async ({ api, portal }) => {
    const script = await (await api.get(`${portal.portalUrl}/assets/mina-sidor.js`)).text();
    expect(script).toContain("navigator.serviceWorker.register('/sw.js', { scope: '/' })");
    const sw = await api.get(`${portal.portalUrl}/sw.js`);
    expect(sw.status()).toBe(200);
    expect(sw.headers()['content-type']).toMatch(/^application\/javascript/);
    const source = await sw.text();
    for (const part of ['self.skipWaiting()', 'self.clients.claim()', "cache.add(new Request(PAGE, { credentials: 'same-origin'", 'cache.match(PAGE)']) {
      expect(source).toContain(part);
    }
    // The worker's install fetch: with the user's cookie it gets the personal page, which it then keeps.
    const start = await walk(api, `${portal.portalUrl}/mina-sidor`);
    const form = findForm(start, 'login')!;
    await walk(api, form.action, { method: 'POST', form: { username: 'tolvan', password: user(portal).password } });
    const installFetch = await api.get(`${portal.portalUrl}/mina-sidor`, { maxRedirects: 0 });
    expect(installFetch.status()).toBe(200);
    expect(await installFetch.text()).toContain('data-testid="personal-data"');
  });
});

test.describe('defect previous-user-greeting', () => {
  test.use({ defects: ['previous-user-greeting'] });

  test('after logout the start and logged-out pages greet the previous user and show their latest entries', async ({ api, newApi, portal }) => {
    const tolvan = user(portal);
    const start = await walk(api, `${portal.portalUrl}/mina-sidor`);
    const form = findForm(start, 'login')!;
    const done = await walk(api, form.action, { method: 'POST', form: { username: tolvan.username, password: tolvan.password } });
    const [lastUser] = setCookiesNamed([done], 'vp.lastUser');
    expect(lastUser?.value).toBe('tolvan');
    expect(Number(lastUser!.attributes.get('max-age')) * 1000).toBe(YEAR_MS);

    const { done: loggedOut } = await logout(api, portal);
    expect((await cookiesOf(api, hostOf(portal.portalUrl))).map((c) => c.name)).toEqual(['vp.lastUser']);
    const home = await (await api.get(`${portal.portalUrl}/`)).text();
    for (const body of [loggedOut.body, home]) {
      expect(body).toContain(`Välkommen tillbaka, ${tolvan.name}`);
      for (const entry of tolvan.journal.slice(-2)) expect(body).toContain(entry.text);
      expect(body).not.toContain('data-testid="personal-data"');
    }

    // A browser that never saw Tolvan is greeted by nobody.
    const other = await newApi();
    expect(await (await other.get(`${portal.portalUrl}/`)).text()).not.toContain('Välkommen tillbaka');
  });
});
