import { expect, test } from '@playwright/test';
import type { AuditCookie, HttpExchange } from '../../drivers/driver';
import { leftovers, type BrowserData } from '../../scenarios/steps/browser-data';
import type { UserMarks } from '../../scenarios/steps/of-the-user';
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

const marks = (held: string[] = [], credentials: string[] = []): UserMarks => ({
  heldCookies: new Set(held),
  credentials,
  identity: ['tolvan', 'Tolvan Tolvansson'],
  shownData: ['Blodtryck 120/80 mmHg, 2026-11-30'],
});

test('a session cookie left after logout is flagged with any value it held while logged in (a sliding cookie has many)', () => {
  const loggedIn = data([cookie('sid', 'logged-in-value')]);
  const rolled = leftovers(data([]), loggedIn, data([cookie('sid', 'rolled-while-reading')]), loggedIn.cookies, marks(['sid=logged-in-value', 'sid=rolled-while-reading']));
  expect(rolled.found).toEqual(['session cookie sid (127.0.0.1), with a value it held while logged in']);
  const same = leftovers(data([]), loggedIn, loggedIn, loggedIn.cookies, marks(['sid=logged-in-value']));
  expect(same.found).toEqual(['session cookie sid (127.0.0.1), with its logged-in value']);
});

test('a new session cookie value issued after logout is a fresh anonymous session: listed, no leftover', () => {
  // Whether the browser's cookies still open the personal data after logout is logout-revisit's question.
  const loggedIn = data([cookie('PHPSESSID', 'logged-in-value')]);
  const after = leftovers(data([]), loggedIn, data([cookie('PHPSESSID', 'issued-at-logout')]), loggedIn.cookies, marks(['PHPSESSID=logged-in-value']));
  expect(after).toEqual({ found: [], notTheUsers: ['session cookie PHPSESSID (127.0.0.1), a new value issued after logout'] });
  // A persistent cookie of the login outlives the browser for the next person, whatever value it was given.
  const remembered = { ...cookie('pmaUser-1', 'user-name-encrypted-anew'), expires: Date.now() / 1000 + 30 * 86_400 };
  const kept = leftovers(data([]), data([{ ...remembered, value: 'user-name-encrypted' }]), data([remembered]), [{ ...remembered, value: 'user-name-encrypted' }], marks());
  expect(kept.found).toEqual(['persistent cookie pmaUser-1 (127.0.0.1) of the login, rewritten since']);
});

test('a session cookie back at its value from before login, or gone, is no leftover', () => {
  const before = data([cookie('sid', 'anonymous')]);
  const loggedIn = data([cookie('sid', 'logged-in-value')]);
  expect(leftovers(before, loggedIn, data([cookie('sid', 'anonymous')]), loggedIn.cookies, marks()).found).toEqual([]);
  expect(leftovers(before, loggedIn, data([]), loggedIn.cookies, marks()).found).toEqual([]);
});

test("a Web Storage entry the login added counts while it holds something of the user, not a page's own state", () => {
  const origin = 'http://127.0.0.1:1';
  const store = (localStorage: Record<string, string>): BrowserData => ({ cookies: [], origins: [{ origin, localStorage, sessionStorage: {}, indexedDB: [], cacheStorage: [], serviceWorkers: [] }] });
  const loggedIn = store({
    'auth-tokens': '{"access_token":"x"}',
    cached: 'AbC123dEf456GhI789jKl0',
    greeting: 'Hej Tolvan Tolvansson',
    'last-sidebar-tab': 'info',
    'nav-width': '240',
    'shell-cache': JSON.stringify({ records: ['Blodtryck 120/80 mmHg, 2026-11-30'] }),
    sent: 'the token sent as Bearer: bearer-value-1234',
  });
  const { found, notTheUsers } = leftovers(store({}), loggedIn, loggedIn, [], marks([], ['bearer-value-1234']));
  expect(found).toEqual([
    `localStorage "auth-tokens" on ${origin} (a key that names the login)`,
    `localStorage "cached" on ${origin} (a token-like value)`,
    `localStorage "greeting" on ${origin} (the user's name)`,
    `localStorage "shell-cache" on ${origin} (what the logged-in page showed)`,
    `localStorage "sent" on ${origin} (a credential the pages sent)`,
  ]);
  expect(notTheUsers).toEqual([`localStorage "last-sidebar-tab" on ${origin}`, `localStorage "nav-width" on ${origin}`]);
});
