import { expect, test } from '@playwright/test';
import type { AuditCookie, HttpExchange } from '../../drivers/driver';
import { leftovers, type BrowserData } from '../../scenarios/steps/browser-data';
import { codeByEvidence } from '../../scenarios/steps/expect-login';
import { parseTarget, type Target } from '../../targets/target';

// A finding's code names what was seen, not the scenario that looked (issue: misattributed findings).

const target: Target = parseTarget({
  name: 't',
  baseUrl: 'http://127.0.0.1:8000',
  protectedPaths: ['/mina-sidor'],
  loggedIn: { selector: '#data' },
  loginRequired: { selector: '#password' },
  login: { username: '#u', password: '#p', submit: '#s' },
  logout: { click: '#logout', done: { selector: '#bye' } },
  idp: { issuer: 'http://localhost:9000' },
  users: [{ id: 'u', username: 'u', password: 'password-1' }],
  policy: {},
});

function exchange(url: string, status = 200): HttpExchange {
  return { method: 'GET', url, status, resourceType: 'document', requestCookieNames: [], responseHeaders: {}, setCookies: [] };
}

test("personal data served by the portal without a hop through the identity provider is the portal's session, not the IdP's", () => {
  const direct = [exchange('http://127.0.0.1:8000/mina-sidor')];
  expect(codeByEvidence('IDP_SESSION_ALIVE', target, direct)).toBe('LOGIN_NOT_REQUIRED_AFTER_LOGOUT');
});

test('personal data reached through the identity provider silently is the IdP session surviving', () => {
  const viaIdp = [
    exchange('http://127.0.0.1:8000/mina-sidor', 302),
    exchange('http://localhost:9000/auth?client_id=x&prompt=none', 303),
    exchange('http://127.0.0.1:8000/callback?code=c', 302),
    exchange('http://127.0.0.1:8000/mina-sidor'),
  ];
  expect(codeByEvidence('IDP_SESSION_ALIVE', target, viaIdp)).toBe('IDP_SESSION_ALIVE');
});

test('where no identity provider is declared, a surviving session is never an IdP finding', () => {
  const { idp: _idp, ...withoutIdp } = target;
  expect(codeByEvidence('IDP_SESSION_ALIVE', withoutIdp as Target, undefined)).toBe('LOGIN_NOT_REQUIRED_AFTER_LOGOUT');
});

test("other scenarios' codes are left as they are", () => {
  expect(codeByEvidence('SESSION_SURVIVED_RESTART', target, [])).toBe('SESSION_SURVIVED_RESTART');
});

const cookie = (name: string, value: string, domain = '127.0.0.1'): AuditCookie => ({
  name,
  value,
  domain,
  path: '/',
  expires: -1,
  httpOnly: true,
  secure: false,
  sameSite: 'Lax',
});
const data = (cookies: AuditCookie[]): BrowserData => ({ cookies, origins: [] });

test('a session cookie left after logout is flagged even when the portal rewrote its value', () => {
  const loggedIn = data([cookie('sid', 'logged-in-value')]);
  const found = leftovers(data([]), loggedIn, data([cookie('sid', 'rewritten-on-every-response')]), loggedIn.cookies);
  expect(found).toEqual(['session cookie sid (127.0.0.1), rewritten since login']);
});

test('a session cookie back at its value from before login, or gone, is no leftover', () => {
  const before = data([cookie('sid', 'anonymous')]);
  const loggedIn = data([cookie('sid', 'logged-in-value')]);
  expect(leftovers(before, loggedIn, data([cookie('sid', 'anonymous')]), loggedIn.cookies)).toEqual([]);
  expect(leftovers(before, loggedIn, data([]), loggedIn.cookies)).toEqual([]);
});
