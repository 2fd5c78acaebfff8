/**
 * The reference portal's SAML mode over plain HTTP (no browser): SP-initiated login with a signed Response and
 * assertion that the portal verifies, SP-initiated single logout ending the IdP session, passive requests
 * answered by the session's state, and the symptom of each SAML defect. The audit's defect specs then prove the
 * scenarios catch them in a real browser.
 */
import type { APIRequestContext } from '@playwright/test';
import { startPortal, type RunningPortal } from '../../portal/start';
import { passiveRequestUrl, readAnswer } from '../../scenarios/steps/saml-passive-login';
import { cookiesOf, expect, hostOf, test, user } from './portal-fixtures';
import { findForm, isLoginForm, showsPersonalData, walk, type Walk } from './portal-http';

const NO_PASSIVE = 'urn:oasis:names:tc:SAML:2.0:status:NoPassive';
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

/** Posts the IdP's HTTP-POST binding form on, as its script would. */
async function postOn(api: APIRequestContext, page: Walk): Promise<Walk> {
  const form = findForm(page, 'saml-post');
  if (!form) throw new Error(`no SAML form at ${page.url} (HTTP ${page.final.status()})`);
  return walk(api, form.action, { method: 'POST', form: form.hidden });
}

async function samlLogin(api: APIRequestContext, portal: RunningPortal): Promise<{ assertionPage: Walk; done: Walk }> {
  const start = await walk(api, `${portal.portalUrl}/mina-sidor`);
  const form = findForm(start, 'login');
  if (!form) throw new Error(`no login form at ${start.url}`);
  const tolvan = user(portal);
  const assertionPage = await walk(api, form.action, { method: 'POST', form: { username: tolvan.username, password: tolvan.password } });
  return { assertionPage, done: await postOn(api, assertionPage) };
}

/** The IdP's answer to a passive AuthnRequest sent with the jar's cookies. */
async function passive(api: APIRequestContext, portal: RunningPortal) {
  const saml = portal.saml!;
  const page = await walk(api, passiveRequestUrl({ kind: 'saml', entityId: saml.idpEntityId, ssoUrl: saml.ssoUrl, spEntityId: saml.spEntityId, acsUrl: saml.acsUrl }));
  const form = findForm(page, 'saml-post');
  if (!form?.hidden.SAMLResponse) throw new Error(`the passive request got no SAMLResponse (HTTP ${page.final.status()})`);
  return readAnswer(form.hidden.SAMLResponse);
}

test.describe('SAML mode, clean', () => {
  let portal: RunningPortal;
  test.beforeEach(async () => {
    portal = await startPortal({ idp: 'saml' });
  });
  test.afterEach(async () => {
    await portal.stop();
  });

  test('login: signed Response and assertion, verified by the portal; a tampered one is refused', async ({ api, newApi }) => {
    expect(portal.idpKind).toBe('saml');
    const { assertionPage, done } = await samlLogin(api, portal);
    expect(showsPersonalData(done)).toBe(true);
    const response = Buffer.from(findForm(assertionPage, 'saml-post')!.hidden.SAMLResponse!, 'base64').toString('utf8');
    // Two signatures: the Response's (after its Issuer) and the assertion's.
    expect(response.match(/<ds:Signature\b/g)?.length).toBe(2);
    expect(response).toMatch(/<saml:Assertion\b[\s\S]*<ds:Signature\b[\s\S]*<\/saml:Assertion>/);
    // The SessionIndex a LogoutRequest names, and the display name the portal greets with, as XML elements.
    expect(response).toMatch(/<saml:AuthnStatement [^>]*SessionIndex="_[0-9a-f]+"/);
    expect(done.body).toContain(`Hej ${user(portal).name}!`);

    // The same response with another person's name in it: the signature no longer holds.
    const other = await newApi();
    const start = await walk(other, `${portal.portalUrl}/mina-sidor`);
    const form = findForm(start, 'login')!;
    const tolvan = user(portal);
    const page = await walk(other, form.action, { method: 'POST', form: { username: tolvan.username, password: tolvan.password } });
    const post = findForm(page, 'saml-post')!;
    const xml = Buffer.from(post.hidden.SAMLResponse!, 'base64').toString('utf8').replace(/>tolvan</g, '>elvan<');
    const tampered = await walk(other, post.action, { method: 'POST', form: { ...post.hidden, SAMLResponse: Buffer.from(xml).toString('base64') } });
    expect(tampered.final.status()).toBe(400);
    expect(showsPersonalData(tampered)).toBe(false);
  });

  test('single logout: LogoutRequest to the IdP, LogoutResponse back; the IdP session is over', async ({ api, newApi }) => {
    await samlLogin(api, portal);
    expect((await passive(api, portal)).statuses).toEqual([SUCCESS]);
    const idpCookies = await cookiesOf(api, hostOf(portal.idpUrl));
    expect(idpCookies.map((c) => c.name)).toEqual(['idp.session']);
    expect(idpCookies[0]!.expires).toBe(-1); // a session cookie without "Kom ihåg mig"

    const out = await walk(api, `${portal.portalUrl}/logout`, { method: 'POST' });
    expect(out.hops.some((h) => h.url.startsWith(`${portal.saml!.sloUrl}?SAMLRequest=`))).toBe(true);
    expect(out.hops.some((h) => h.url.startsWith(`${portal.saml!.spSloUrl}?SAMLResponse=`))).toBe(true);
    expect(out.url).toBe(`${portal.portalUrl}/utloggad`);
    expect(await cookiesOf(api, hostOf(portal.idpUrl))).toEqual([]);
    expect(isLoginForm(await walk(api, `${portal.portalUrl}/mina-sidor`))).toBe(true);

    // The pre-logout IdP cookie, copied into a fresh jar, opens nothing: the passive request finds no session.
    const copy = await newApi({ cookies: idpCookies });
    const answer = await passive(copy, portal);
    expect(answer).toEqual({ statuses: ['urn:oasis:names:tc:SAML:2.0:status:Responder', NO_PASSIVE], hasAssertion: false });
  });
});

test.describe('SAML defects', () => {
  test.describe('saml-idp-session-kept', () => {
    test.use({ defects: ['saml-idp-session-kept'] });
    test('logout never reaches the IdP, whose session signs the next visit in silently', async ({ api, portal }) => {
      await samlLogin(api, portal);
      const out = await walk(api, `${portal.portalUrl}/logout`, { method: 'POST' });
      expect(out.hops.every((h) => !h.url.startsWith(portal.idpUrl))).toBe(true);
      expect((await passive(api, portal)).statuses).toEqual([SUCCESS]);
    });
  });

  test.describe('saml-slo-ignored', () => {
    test.use({ defects: ['saml-slo-ignored'] });
    test('the IdP answers the LogoutRequest, yet its session still answers passive requests', async ({ api, portal }) => {
      await samlLogin(api, portal);
      const out = await walk(api, `${portal.portalUrl}/logout`, { method: 'POST' });
      expect(out.url).toBe(`${portal.portalUrl}/utloggad`);
      expect((await passive(api, portal)).statuses).toEqual([SUCCESS]);
    });
  });

  test.describe('saml-sp-session-kept', () => {
    test.use({ defects: ['saml-sp-session-kept'] });
    test("single logout ends the IdP's session but Mina sidor still opens", async ({ api, portal }) => {
      await samlLogin(api, portal);
      await walk(api, `${portal.portalUrl}/logout`, { method: 'POST' });
      expect((await passive(api, portal)).statuses).toContain(NO_PASSIVE);
      expect(showsPersonalData(await walk(api, `${portal.portalUrl}/mina-sidor`))).toBe(true);
    });
  });
});
