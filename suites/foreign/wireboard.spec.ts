import { expect, test } from '@playwright/test';
import { controls } from '../../scenarios/controls';
import { defineTarget } from '../../targets/define-target';
import { auditForeign, outcome, type ForeignPortal } from './foreign-audit';
import { NONCE_HEADER, startWireboard, TOKENS_KEY, WIREBOARD_USER } from './wireboard-portal';

// Wireboard (./wireboard-portal.ts): public files that carry a credential all the same (a cookie on /admin goes
// with /admin/js/app.js; the app's helper sends its token with the logo) must not be findings, only requests the
// credential is needed for; its token lives in JSON in shared localStorage, which logout empties; its settings
// API wants a nonce header and refuses with 400 once the login is over.

type Variant = 'token-outlives-logout' | 'flows-rendered-on-server';

const wireboard: ForeignPortal<Variant> = {
  file: defineTarget({
    name: 'wireboard',
    baseUrl: 'http://127.0.0.1:1',
    protectedPaths: ['/admin'],
    loggedIn: { selector: '#flows li' },
    loginRequired: { selector: 'form#login input[name=password]' },
    login: { username: '#username', password: '#password', submit: '#sign-in', error: { selector: '.login-failed' } },
    logout: { click: '#logout', done: { selector: '#signed-out' } },
    api: {
      path: '/api/settings',
      bearerToken: { storage: 'localStorage', key: TOKENS_KEY, field: 'access_token' },
      headers: [{ name: NONCE_HEADER, from: { selector: 'meta[name=wireboard-nonce]', attribute: 'content' } }],
    },
    users: [{ id: 'greta', usernameEnv: 'WIREBOARD_USER', passwordEnv: 'WIREBOARD_PASSWORD', displayName: WIREBOARD_USER.name }],
    policy: { closeWithoutLogout: 'require-login' },
  }),
  source: 'suites/foreign/wireboard.spec.ts',
  env: () => ({ WIREBOARD_USER: WIREBOARD_USER.username, WIREBOARD_PASSWORD: WIREBOARD_USER.password }),
  urls: (portal) => ({ baseUrl: portal.url }),
  start: (variants) => startWireboard({ tokenOutlivesLogout: variants.includes('token-outlives-logout'), flowsRenderedOnServer: variants.includes('flows-rendered-on-server') }),
};

test('token replay leaves out the public files that carried a credential and passes a clean Wireboard', async () => {
  const result = await auditForeign(wireboard, 'logout-token-replay');
  expect(outcome(result)).toEqual({ verdict: 'passed', codes: [], reason: undefined });
  const control = result.checks.find((c) => c.outcome === 'control' && c.check === controls.tokenReplay)?.seen ?? '';
  expect(control).toMatch(/left out as public.*\/admin\/js\/app\.js \(cookie wb\.sid \(Path=\/admin\)\)/);
  expect(control).toMatch(/left out as public.*\/static\/logo\.svg \(Bearer token\)/);
  const refused = result.checks.filter((c) => c.outcome === 'passed').map((c) => c.seen);
  expect(refused.some((s) => /\/admin with only its cookie wb\.sid \(Path=\/admin\): HTTP 302$/.test(s)), refused.join('\n')).toBe(true);
  expect(refused.some((s) => /\/api\/flows with only its Bearer token: HTTP 401$/.test(s)), refused.join('\n')).toBe(true);
  // 200 to anyone, but only the token's holder sees their private flows: kept, and after logout it must get
  // what anyone gets.
  expect(control).toMatch(/\/api\/library with only its Bearer token: accepted, without it: another answer/);
  expect(refused.some((s) => /\/api\/library with only its Bearer token: HTTP 200, the same answer as without it$/.test(s)), refused.join('\n')).toBe(true);
  expect(refused.filter((s) => /app\.js|logo\.svg/.test(s))).toEqual([]);
});

test('a token that outlives logout is a finding on the API it opens, not on the public files', async () => {
  const result = await auditForeign(wireboard, 'logout-token-replay', ['token-outlives-logout']);
  expect(outcome(result)).toMatchObject({ verdict: 'failed', codes: expect.arrayContaining(['TOKEN_VALID_AFTER_LOGOUT']) });
  const seen = result.findings.map((f) => f.seen);
  expect(seen).toContainEqual(expect.stringMatching(/^GET http:\/\/127\.0\.0\.1:\d+\/api\/flows with only its Bearer token: HTTP 200$/));
  // The token still opens the user's private part of a list everyone may read.
  expect(seen).toContainEqual(expect.stringMatching(/^GET http:\/\/127\.0\.0\.1:\d+\/api\/library with only its Bearer token: HTTP 200, another answer than without it$/));
  expect(seen.filter((s) => /app\.js|logo\.svg/.test(s))).toEqual([]);
});

test('when every request that carried a credential is public, token replay does not apply, with that reason', async () => {
  const result = await auditForeign(wireboard, 'logout-token-replay', ['flows-rendered-on-server']);
  expect(result.verdict, result.reason).toBe('skipped');
  expect(result.reason).toMatch(/tokens refused after logout: no request the pages sent with a credential depended on it alone: answered alike without it \(public\): GET http:\/\/127\.0\.0\.1:\d+\/static\/logo\.svg \(Bearer token\)/);
});

test("the other tab's API call sends the JSON-field token and nonce it read while logged in; a 400 after logout is a refusal", async () => {
  const result = await auditForeign(wireboard, 'logout-other-tab');
  expect(outcome(result)).toEqual({ verdict: 'passed', codes: [], reason: undefined });
  expect(result.checks).toContainEqual(expect.objectContaining({ outcome: 'passed', check: 'API refuses after logout', seen: expect.stringMatching(/^HTTP 400 from /) }));
});

test("a token that outlives logout keeps the other tab's API call working", async () => {
  const result = await auditForeign(wireboard, 'logout-other-tab', ['token-outlives-logout']);
  expect(outcome(result)).toMatchObject({ verdict: 'failed', codes: ['OTHER_TAB_STILL_AUTHENTICATED'] });
});
