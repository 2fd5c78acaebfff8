import { expect, test } from '@playwright/test';
import type { AuditCookie, AuditDriver, HttpExchange, StorageSnapshot } from '../../drivers/driver';
import { createRedactor } from '../../evidence/redact';
import { rememberCookiesIn } from '../../scenarios/steps/remember-me';
import { sessionCookies } from '../../scenarios/steps/login-traces';
import { readBearerToken } from '../../scenarios/steps/tabs';
import { credentialRequests } from '../../scenarios/steps/token-replay';
import { parseTarget, type Target } from '../../targets/target';

// Pure parts of logout-remember-me and logout-token-replay: which credentials are replayed, which cookies
// carry a remembered login or a session, where a bearer token is read from, and that its value is masked.

const base = {
  name: 't',
  baseUrl: 'http://127.0.0.1:8000',
  protectedPaths: ['/mina-sidor'],
  loggedIn: { selector: '#data' },
  loginRequired: { selector: '#password' },
  login: { username: '#u', password: '#p', submit: '#s', remember: '#remember' },
  logout: { click: '#logout', done: { selector: '#bye' } },
  idp: { issuer: 'http://localhost:9000' },
  users: [{ id: 'u', username: 'u', password: 'password-1' }],
  policy: {},
};
const target: Target = parseTarget(base);

function cookie(name: string, domain: string, extra: Partial<AuditCookie> = {}): AuditCookie {
  return { name, value: `${name}-value-123`, domain, path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Lax', ...extra };
}

function exchange(url: string, extra: Partial<HttpExchange> = {}): HttpExchange {
  return { method: 'GET', url, status: 200, resourceType: 'xhr', requestCookieNames: [], requestAuthorization: null, responseHeaders: {}, setCookies: [], ...extra };
}

const refresh = cookie('vp.refresh', '127.0.0.1', { path: '/api/auth' });

test('bearer requests and requests carrying a narrow-path session cookie are replayed, each with its one credential', () => {
  const requests = credentialRequests(
    target,
    [
      exchange('http://127.0.0.1:8000/api/recept', { requestAuthorization: 'Bearer access-token-1' }),
      exchange('http://127.0.0.1:8000/api/recept', { requestAuthorization: 'Bearer access-token-1' }), // the same again
      exchange('http://127.0.0.1:8000/api/auth/session', { requestCookieNames: ['portal.sid', 'vp.refresh'] }),
    ],
    [cookie('portal.sid', '127.0.0.1'), refresh],
    createRedactor(),
  );
  expect(requests).toEqual([
    { method: 'GET', url: 'http://127.0.0.1:8000/api/recept', carried: 'Bearer token', headers: { authorization: 'Bearer access-token-1' } },
    { method: 'GET', url: 'http://127.0.0.1:8000/api/auth/session', carried: 'cookie vp.refresh (Path=/api/auth)', headers: { cookie: 'vp.refresh=vp.refresh-value-123' } },
  ]);
});

test('no replay of what could change something, failed, went to a third party or did not carry the cookie', () => {
  const requests = credentialRequests(
    target,
    [
      exchange('http://127.0.0.1:8000/api/recept', { method: 'POST', requestAuthorization: 'Bearer access-token-1' }),
      exchange('http://127.0.0.1:8000/api/recept', { status: 401, requestAuthorization: 'Bearer access-token-2' }),
      exchange('http://127.0.0.2:8000/api/recept', { requestAuthorization: 'Bearer access-token-3' }),
      exchange('http://127.0.0.1:8000/api/recept', { requestAuthorization: 'Basic dXNlcjpwYXNz' }),
      exchange('http://127.0.0.1:8000/api/auth/session', { requestCookieNames: ['portal.sid'] }),
      exchange('http://127.0.0.1:8000/api/authx', { requestCookieNames: ['vp.refresh'] }),
    ],
    [refresh],
    createRedactor(),
  );
  expect(requests).toEqual([]);
});

test('a bearer request to an API origin the target declares (apiOrigins) is replayed; one to another origin is not', () => {
  const withApi = parseTarget({ ...base, apiOrigins: ['http://127.0.0.2:8001/'] });
  const exchanges = [
    exchange('http://127.0.0.2:8001/v1/recept', { requestAuthorization: 'Bearer access-token-1' }),
    exchange('http://127.0.0.2:8002/v1/recept', { requestAuthorization: 'Bearer access-token-2' }),
  ];
  expect(credentialRequests(withApi, exchanges, [], createRedactor()).map((r) => r.url)).toEqual(['http://127.0.0.2:8001/v1/recept']);
  expect(credentialRequests(target, exchanges, [], createRedactor())).toEqual([]);
  expect(() => parseTarget({ ...base, apiOrigins: ['api.example.org'] })).toThrow(/apiOrigins/);
});

test('a session cookie on a narrow path counts once logged in, not before login (a login flow state)', () => {
  const flow = cookie('_interaction', 'localhost', { path: '/interaction/abc' });
  const jar = [cookie('portal.sid', '127.0.0.1'), refresh, flow, cookie('readable', '127.0.0.1', { httpOnly: false })];
  expect(sessionCookies(target, jar).map((c) => c.name)).toEqual(['portal.sid', 'vp.refresh', '_interaction']);
  expect(sessionCookies(target, jar, 'before login').map((c) => c.name)).toEqual(['portal.sid']);
});

test('a narrow-path cookie the jar held with the same value when the login form appeared is no session cookie once logged in', () => {
  const csrf = cookie('csrf', '127.0.0.1', { path: '/api' });
  const jar = [cookie('portal.sid', '127.0.0.1'), refresh, csrf];
  // Path=/ cookies count whatever the jar held (a session id rotated or not is another scenario's question).
  expect(sessionCookies(target, jar, 'logged in', [csrf, cookie('portal.sid', '127.0.0.1')]).map((c) => c.name)).toEqual(['portal.sid', 'vp.refresh']);
  // Set again by the login (a new value): the login's.
  expect(sessionCookies(target, jar, 'logged in', [{ ...csrf, value: 'before' }]).map((c) => c.name)).toEqual(['portal.sid', 'vp.refresh', 'csrf']);
  const exchanges = [exchange('http://127.0.0.1:8000/api/data', { requestCookieNames: ['csrf'] })];
  expect(credentialRequests(target, exchanges, jar, createRedactor(), [csrf])).toEqual([]);
  expect(credentialRequests(target, exchanges, jar, createRedactor()).map((r) => r.carried)).toEqual(['cookie csrf (Path=/api)']);
});

test("the remember-me cookies are the login hosts' persistent cookies", () => {
  const jar = [
    cookie('_session', 'localhost', { expires: 2_000_000_000 }),
    cookie('portal.sid', '127.0.0.1'),
    cookie('tracker', 'example.org', { expires: 2_000_000_000 }),
  ];
  expect(rememberCookiesIn(target, jar).map((c) => c.name)).toEqual(['_session']);
});

test('api.bearerToken names an attribute or a Web Storage key, and nothing else', () => {
  const api = (bearerToken: unknown) => parseTarget({ ...base, api: { path: '/api/x', bearerToken } }).api?.bearerToken;
  expect(api({ storage: 'localStorage', key: 'access_token' })).toEqual({ storage: 'localStorage', key: 'access_token' });
  expect(api({ selector: 'meta[name=t]', attribute: 'content' })).toEqual({ selector: 'meta[name=t]', attribute: 'content' });
  expect(() => api({ storage: 'cookie', key: 'x' })).toThrow(/api\.bearerToken/);
});

test("a bearer token in Web Storage is read from the tab's own origin, and a missing key is named", async () => {
  const snapshot: StorageSnapshot = {
    origins: [
      { origin: 'http://localhost:9000', localStorage: { access_token: 'idp-token' }, sessionStorage: {}, indexedDB: [], cacheStorage: [], serviceWorkers: [] },
      { origin: 'http://127.0.0.1:8000', localStorage: {}, sessionStorage: { access_token: 'tab-token' }, indexedDB: [], cacheStorage: [], serviceWorkers: [] },
    ],
  };
  const driver = { storage: async () => snapshot } as unknown as AuditDriver;
  expect(await readBearerToken(driver, target.baseUrl, { storage: 'sessionStorage', key: 'access_token' })).toBe('tab-token');
  await expect(readBearerToken(driver, target.baseUrl, { storage: 'localStorage', key: 'access_token' })).rejects.toThrow(
    /no bearer token in localStorage\["access_token"\] of http:\/\/127\.0\.0\.1:8000/,
  );
});

test("the Authorization header's credential is masked in evidence, its scheme kept", () => {
  const [redacted] = createRedactor().exchanges([exchange('http://127.0.0.1:8000/api/recept', { requestAuthorization: 'Bearer secret-access-token' })]);
  expect(redacted?.requestAuthorization).toMatch(/^Bearer h:[0-9a-f]{12}$/);
  expect(JSON.stringify(redacted)).not.toContain('secret-access-token');
});
