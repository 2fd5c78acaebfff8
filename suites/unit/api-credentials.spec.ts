import { expect, test } from '@playwright/test';
import type { AuditDriver, StorageSnapshot } from '../../drivers/driver';
import { readBearerToken, readFromPage } from '../../scenarios/steps/tabs';
import { parseTarget } from '../../targets/target';
import { modelTarget } from './engine/model';

// What a target's `api` says the page sends with its API calls: a bearer token (an attribute, a Web Storage
// entry, or a field of the JSON such an entry holds) and other headers (an anti-CSRF nonce), each read from a
// tab; and the messages a wrong description gets, at load and when the page does not hold what it names.

const base = { ...modelTarget, baseUrl: 'http://127.0.0.1:8000' };

/** A tab on http://127.0.0.1:8000 whose localStorage holds `entries`. */
function tabHolding(entries: Record<string, string>): AuditDriver {
  const snapshot: StorageSnapshot = {
    origins: [{ origin: 'http://127.0.0.1:8000', localStorage: entries, sessionStorage: {}, indexedDB: [], cacheStorage: [], serviceWorkers: [] }],
  };
  return { storage: async () => snapshot, attribute: async () => null } as unknown as AuditDriver;
}

const nodeRed = tabHolding({
  'auth-tokens': JSON.stringify({ access_token: 'node-red-token', expires_in: 604800, token_type: 'Bearer' }),
  nested: JSON.stringify({ tokens: { access: 'nested-token', refresh: 'r' } }),
  plain: 'plain-token',
  'not-json': 'eyJhbGciOi.not-json',
});

test('a bearer token in a field of a JSON Web Storage entry is read by its dot path; without field the entry is the token', async () => {
  expect(await readBearerToken(nodeRed, base.baseUrl, { storage: 'localStorage', key: 'auth-tokens', field: 'access_token' })).toBe('node-red-token');
  expect(await readBearerToken(nodeRed, base.baseUrl, { storage: 'localStorage', key: 'nested', field: 'tokens.access' })).toBe('nested-token');
  expect(await readBearerToken(nodeRed, base.baseUrl, { storage: 'localStorage', key: 'plain' })).toBe('plain-token');
});

test('an entry that is not JSON, or JSON without the field, is named (broken, PRECONDITION) with the fields it has, never a value', async () => {
  const read = (key: string, field: string) => readBearerToken(nodeRed, base.baseUrl, { storage: 'localStorage', key, field });
  await expect(read('not-json', 'access_token')).rejects.toMatchObject({
    code: 'PRECONDITION',
    message: expect.stringMatching(/^localStorage\["not-json"\] of http:\/\/127\.0\.0\.1:8000 is not JSON, so api\.bearerToken\.field "access_token" cannot be read/),
  });
  const missing = read('auth-tokens', 'accessToken');
  await expect(missing).rejects.toMatchObject({ code: 'PRECONDITION' });
  await expect(missing).rejects.toThrow(/is JSON without a bearer token at "accessToken" \(api\.bearerToken\.field\); its fields there: access_token, expires_in, token_type$/);
  await expect(read('nested', 'tokens.id')).rejects.toThrow(/its fields there: access, refresh$/);
  // A field that is no string (a number, an object) is no token either.
  await expect(read('auth-tokens', 'expires_in')).rejects.toThrow(/without a bearer token at "expires_in"/);
  for (const outcome of [read('not-json', 'x'), read('auth-tokens', 'x'), read('nested', 'tokens.x')]) {
    await expect(outcome).rejects.toThrow(expect.objectContaining({ message: expect.not.stringMatching(/node-red-token|nested-token|eyJhbGciOi/) }));
  }
});

test('a header value is read like a token, and a missing one names the header and the target field', async () => {
  expect(await readFromPage(nodeRed, base.baseUrl, { storage: 'localStorage', key: 'plain' }, 'X-Nonce header', 'api.headers.0.from')).toBe('plain-token');
  await expect(readFromPage(nodeRed, base.baseUrl, { selector: 'meta[name=nonce]', attribute: 'content' }, 'X-Nonce header', 'api.headers.0.from')).rejects.toThrow(
    /^no X-Nonce header at meta\[name=nonce\]\[content\]$/,
  );
  await expect(readFromPage(nodeRed, base.baseUrl, { storage: 'localStorage', key: 'nonce' }, 'X-Nonce header', 'api.headers.0.from')).rejects.toThrow(
    /no X-Nonce header in localStorage\["nonce"\] of http:\/\/127\.0\.0\.1:8000: the target's api\.headers\.0\.from names a key/,
  );
});

test('api.bearerToken takes a field, api.headers a list of { name, from }; each wrong field is one line with an example', () => {
  const api = (value: unknown) => parseTarget({ ...base, api: { path: '/api/settings', ...(value as object) } }).api;
  expect(api({ bearerToken: { storage: 'localStorage', key: 'auth-tokens', field: 'access_token' } })?.bearerToken).toEqual({ storage: 'localStorage', key: 'auth-tokens', field: 'access_token' });
  expect(api({ headers: [{ name: 'X-CSRF-Token', from: { selector: 'meta[name=csrf]', attribute: 'content' } }] })?.headers).toEqual([
    { name: 'X-CSRF-Token', from: { selector: 'meta[name=csrf]', attribute: 'content' } },
  ]);
  const problems = (value: unknown) => {
    try {
      api(value);
    } catch (error) {
      return (error as Error).message.split('\n').slice(1);
    }
    return [];
  };
  expect(problems({ bearerToken: { storage: 'localStorage', key: 'auth-tokens', field: 'tokens..access' } })).toEqual([
    '  api.bearerToken.field: a dot path into the JSON value, e.g. "access_token" or "tokens.access"',
  ]);
  expect(problems({ bearerToken: { storage: 'indexedDB', key: 'auth-tokens' } })).toEqual([
    '  api.bearerToken: either { selector, attribute } or { storage: "localStorage" | "sessionStorage", key, field? }, e.g. { storage: "localStorage", key: "auth-tokens", field: "access_token" }',
  ]);
  expect(problems({ headers: [{ name: 'X CSRF', from: { storage: 'cookie', key: 'csrf' } }, { name: 'Authorization', from: { selector: 'meta', attribute: 'content' } }] })).toEqual([
    '  api.headers.0.name: an HTTP header name, e.g. "X-CSRF-Token"',
    '  api.headers.0.from: either { selector, attribute } or { storage: "localStorage" | "sessionStorage", key, field? }, e.g. { selector: "meta[name=csrf-token]", attribute: "content" }',
    '  api.headers.1.name: the Authorization header comes from api.bearerToken, e.g. { storage: "localStorage", key: "access_token" }',
  ]);
});
