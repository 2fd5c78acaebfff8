import { expect, test } from '@playwright/test';
import type { AuditCookie, HttpExchange, OriginStorage } from '../../drivers/driver';
import type { ScenarioContext } from '../../scenarios/scenario';
import type { BrowserData } from '../../scenarios/steps/browser-holdings';
import { cookieValuesHeldSinceLoginForm, cookielessLogin, tracesOf } from '../../scenarios/steps/login-traces';
import { parseTarget, type Target } from '../../targets/target';

// The login's traces are what came with the login, against the browser as the login form appeared: what the
// login page gives every visitor (a constant test cookie, a flag in localStorage) is not the user's, and a
// login kept in Web Storage only is a login without a cookie, not a target without a session.

const target: Target = parseTarget({
  name: 't',
  baseUrl: 'http://127.0.0.1:8000',
  protectedPaths: ['/app'],
  loggedIn: { selector: '#data' },
  loginRequired: { selector: '#password' },
  login: { username: '#u', password: '#p', submit: '#s' },
  logout: { click: '#logout', done: { selector: '#bye' } },
  users: [{ id: 'u', username: 'u', password: 'password-1' }],
  policy: {},
});
const origin = 'http://127.0.0.1:8000';

const cookie = (name: string, value: string): AuditCookie => ({ name, value, domain: '127.0.0.1', path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Lax' });
const local = (entries: Record<string, string>): OriginStorage => ({ origin, localStorage: entries, sessionStorage: {}, indexedDB: [], cacheStorage: [], serviceWorkers: [] });
const held = (cookies: AuditCookie[], entries: Record<string, string>): BrowserData => ({ cookies, origins: [local(entries)] });

test('a constant test cookie and flag the login form already held are no trace of the login', () => {
  const atForm = held([cookie('wordpress_test_cookie', 'WP Cookie check')], { 'cookies-checked': 'yes' });
  const loggedIn = held([cookie('wordpress_test_cookie', 'WP Cookie check'), cookie('sid', 'logged-in')], { 'cookies-checked': 'yes' });
  const traces = tracesOf({ target }, atForm, loggedIn);
  expect({ cookies: traces.cookies.map((c) => c.name), storage: traces.storage }).toEqual({ cookies: ['sid'], storage: [] });
});

test('a login kept in localStorage only is cookie-less, and says under which key', () => {
  const atForm = held([cookie('test', 'constant')], { 'cookies-checked': 'yes' });
  const loggedIn = held([cookie('test', 'constant')], { 'cookies-checked': 'yes', 'app.token': 'eyJ-token' });
  const traces = tracesOf({ target }, atForm, loggedIn);
  expect(traces.storage).toEqual([{ origin, area: 'localStorage', key: 'app.token', value: 'eyJ-token' }]);
  expect(cookielessLogin(target, traces)).toBe('the login lives in localStorage key "app.token", not in a cookie');
});

test('a login with a session cookie, or a target that names cookies the login did not set, is not cookie-less', () => {
  const atForm = held([], {});
  expect(cookielessLogin(target, tracesOf({ target }, atForm, held([cookie('sid', 'x')], { token: 't' })))).toBeUndefined();
  const named = { ...target, sessionCookies: ['no-such-cookie'] };
  expect(cookielessLogin(named, tracesOf({ target: named }, atForm, held([], { token: 't' })))).toBeUndefined();
});

test('every value a cookie took since the login form counts as held: the jar now, and each Set-Cookie since', async () => {
  const exchange = (line: string): HttpExchange => ({ method: 'GET', url: `${origin}/app`, status: 200, resourceType: 'document', requestCookieNames: [], responseHeaders: {}, setCookies: [line] });
  const exchanges = [exchange('sid=anonymous; Path=/'), exchange('sid=rolled-1; Path=/; HttpOnly'), exchange('sid=rolled-2; Path=/; HttpOnly'), exchange('sid=; Max-Age=0')];
  const memory = new Map<string, unknown>([['exchangesAtLoginForm', 1]]);
  const ctx = { driver: { allExchanges: async () => exchanges }, memory } as unknown as ScenarioContext;
  const held = await cookieValuesHeldSinceLoginForm(ctx, [cookie('sid', 'rolled-3')]);
  expect(held.map((h) => h.value)).toEqual(['rolled-3', 'rolled-1', 'rolled-2']);
});
