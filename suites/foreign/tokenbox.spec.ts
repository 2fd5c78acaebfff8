import { expect, test } from '@playwright/test';
import { controls } from '../../scenarios/controls';
import { defineTarget } from '../../targets/define-target';
import { auditForeign, defectTags, outcome, type ForeignPortal } from './foreign-audit';
import { TOKENBOX_USERS, startTokenbox, tokenboxDefects, type TokenboxDefect, type TokenboxMode } from './tokenbox-portal';

// The login's traces, whatever they are (issue 30): a login kept in localStorage only, a session cookie that
// gets a new value on every response, and a login page that gives every visitor a constant test cookie and
// localStorage flag. Neither is a defect: each clean run passes (or, where a check needs a kind of trace the
// login does not have, is skipped with the reason), and a server that keeps the token after logout is caught.
// Both modes share one target file: the protected page, the form and the logout look the same.

const file = defineTarget({
  name: 'tokenbox',
  baseUrl: 'http://127.0.0.1:1',
  protectedPaths: ['/app'],
  loggedIn: { selector: '#records' },
  loginRequired: { selector: 'form#login input[name=password]' },
  login: { username: '#username', password: '#password', submit: '#sign-in', error: { selector: '.login-failed' } },
  logout: { click: '#logout', done: { selector: '#signed-out' } },
  users: TOKENBOX_USERS.map((u, i) => ({ id: u.username, usernameEnv: `TOKENBOX_USER_${i + 1}`, passwordEnv: `TOKENBOX_PASSWORD_${i + 1}`, displayName: u.name })),
  policy: { closeWithoutLogout: 'require-login' },
});

const tokenbox = (mode: TokenboxMode): ForeignPortal<TokenboxDefect> => ({
  file,
  source: 'suites/foreign/tokenbox.spec.ts',
  env: () => Object.fromEntries(TOKENBOX_USERS.flatMap((u, i) => [[`TOKENBOX_USER_${i + 1}`, u.username], [`TOKENBOX_PASSWORD_${i + 1}`, u.password]])),
  urls: (portal) => ({ baseUrl: portal.url }),
  start: (defects) => startTokenbox(mode, defects),
});
const storageToken = tokenbox('storage-token');
const rollingCookie = tokenbox('rolling-cookie');
const clean = { verdict: 'passed', codes: [], reason: undefined };

test('the test cookie and flag every visitor of the login page gets are no residue of the user', async () => {
  expect(outcome(await auditForeign(rollingCookie, 'logout-storage-residue'))).toEqual(clean);
});

test('a login kept in localStorage only is what the residue control sees, and logout clears it', async () => {
  const result = await auditForeign(storageToken, 'logout-storage-residue');
  expect(outcome(result)).toEqual(clean);
  expect(result.checks.find((c) => c.check === controls.loginLeftData)?.seen).toContain('localStorage "tokenbox.token"');
});

test('a login kept in localStorage only has no session cookie whose attributes could be checked', async () => {
  const result = await auditForeign(storageToken, 'cookie-attributes');
  expect(result.verdict, result.reason).toBe('skipped');
  expect(result.reason).toMatch(/the login lives in localStorage key "tokenbox\.token", not in a cookie/);
});

test('the localStorage login copied before logout opens the records, and after logout it does not', async () => {
  const result = await auditForeign(storageToken, 'logout-replay');
  expect(outcome(result)).toEqual(clean);
  expect(result.checks.map((c) => c.check)).toContain(controls.storageLogin);
});

test('the next person on a computer whose last user logged in with localStorage sees nothing of them', async () => {
  expect(outcome(await auditForeign(storageToken, 'shared-computer'))).toEqual(clean);
});

test('a power cut right after logout revives the localStorage token, which the server refuses', async () => {
  expect(outcome(await auditForeign(storageToken, 'logout-power-cut'))).toEqual(clean);
});

test('a power cut right after logout revives an earlier value of a rolling session cookie, which the server refuses', async () => {
  expect(outcome(await auditForeign(rollingCookie, 'logout-power-cut'))).toEqual(clean);
});

for (const defect of tokenboxDefects) {
  for (const caught of defect.caughtBy) {
    test(`TokenBox with ${defect.id} fails ${caught.scenario} with ${caught.code}`, async () => {
      const result = await auditForeign(storageToken, caught.scenario, [defect.id]);
      expect(outcome(result)).toMatchObject({ verdict: 'failed' });
      expect([...new Set(result.findings.map((f) => f.code))]).toEqual([caught.code]);
    });
  }
}

test('every TokenBox defect is a tagged branch of its source', () => {
  expect(defectTags(new URL('./tokenbox-portal.ts', import.meta.url), tokenboxDefects)).toEqual({ missing: [], unknown: [] });
});
