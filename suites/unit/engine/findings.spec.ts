import { expect, test } from '@playwright/test';
import type { BrowserProfile } from '../../../drivers/driver';
import type { MemoryBehaviour } from './memory/memory-portal';
import type { FindingCode } from '../../../scenarios/verdict';
import { explain, playOnModel } from './model';

// A model that lets someone in fails the scenario with the code that names the cause the engine saw, and the
// finding says what let them in. Each row switches on one behaviour of the model (named after the reference
// portal's defect it stands for); a row whose finding the engine missed would pass the scenario instead.

interface Row {
  behaviour: MemoryBehaviour;
  scenario: string;
  preset?: BrowserProfile;
  code: FindingCode;
  /** What the finding's message or seen must name. */
  names?: RegExp;
}

const rows: Row[] = [
  { behaviour: { logoutCosmetic: true }, scenario: 'logout-revisit', code: 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT' },
  // A cosmetic logout keeps a session cookie; fresh-default drops it at a clean close, restore-session keeps it.
  { behaviour: { logoutCosmetic: true }, scenario: 'logout-close-relaunch', preset: 'restore-session', code: 'SESSION_SURVIVED_RESTART' },
  { behaviour: { logoutCosmetic: true, persistentSessionCookie: true }, scenario: 'logout-close-relaunch', code: 'SESSION_SURVIVED_RESTART' },
  { behaviour: { logoutCosmetic: true, persistentSessionCookie: true }, scenario: 'logout-reboot', code: 'SESSION_SURVIVED_REBOOT' },
  { behaviour: { logoutKeepsServerSession: true }, scenario: 'logout-replay', code: 'SESSION_VALID_AFTER_LOGOUT', names: /portal\.sid/ },
  { behaviour: { logoutKeepsServerSession: true }, scenario: 'logout-power-cut', code: 'SESSION_REVIVED_AFTER_CRASH', names: /revived portal\.sid .*the server accepted them/ },
  // The revived cookie is refused; what let the user in is the token the logout left in localStorage.
  { behaviour: { tokenInLocalStorage: true }, scenario: 'logout-power-cut', code: 'SESSION_REVIVED_AFTER_CRASH', names: /were refused: what let them in is among localStorage "access_token"/ },
  { behaviour: { tokenInLocalStorage: true }, scenario: 'logout-revisit', code: 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT' },
  { behaviour: { tokenInLocalStorage: true }, scenario: 'logout-storage-residue', code: 'AUTH_DATA_LEFT_IN_BROWSER', names: /localStorage "access_token"/ },
  { behaviour: { logoutCosmetic: true }, scenario: 'logout-storage-residue', code: 'AUTH_DATA_LEFT_IN_BROWSER', names: /session cookie portal\.sid .*with its logged-in value/ },
  { behaviour: { cacheablePages: true }, scenario: 'logout-back-button', code: 'AUTHENTICATED_PAGE_CACHED', names: /came from the browser's cache|Cache-Control/ },
  // Served live by a session that survived logout: a session finding, not a cache one (codes by evidence).
  { behaviour: { logoutCosmetic: true }, scenario: 'logout-back-button', code: 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT', names: /session survived logout/ },
  { behaviour: { apiIgnoresLogout: true }, scenario: 'logout-other-tab', code: 'OTHER_TAB_STILL_AUTHENTICATED', names: /HTTP 200/ },
  { behaviour: { logoutEverywhereLocalOnly: true }, scenario: 'logout-everywhere', code: 'OTHER_DEVICE_STILL_AUTHENTICATED' },
  { behaviour: { sessionFixation: true }, scenario: 'session-rotation', code: 'SESSION_NOT_ROTATED', names: /portal\.sid/ },
  { behaviour: { previousUserGreeting: true }, scenario: 'shared-computer', code: 'PREVIOUS_USER_VISIBLE', names: /Tolvan Tolvansson/ },
  { behaviour: { rememberSurvivesLogout: true }, scenario: 'logout-remember-me', code: 'REMEMBER_ME_SURVIVED_LOGOUT' },
  { behaviour: { persistentSessionCookie: true }, scenario: 'cookie-attributes', code: 'PERSISTENT_SESSION_COOKIE', names: /portal\.sid/ },
  { behaviour: { sessionCookieWithoutSameSite: true }, scenario: 'cookie-attributes', code: 'COOKIE_FLAGS_WEAK', names: /no SameSite/ },
  { behaviour: { persistentSessionCookie: true }, scenario: 'close-without-logout', code: 'SESSION_SURVIVED_CLOSE' },
];

for (const row of rows) {
  const on = Object.keys(row.behaviour).join(' + ');
  test(`${row.scenario}${row.preset ? ` (${row.preset})` : ''} fails with ${row.code} when the model has ${on}`, async () => {
    const { result } = await playOnModel(row.scenario, { behaviour: row.behaviour, ...(row.preset ? { preset: row.preset } : {}) });
    expect(result.verdict, explain(result)).toBe('failed');
    expect(result.findings.map((f) => f.code)).toContain(row.code);
    const finding = result.findings.find((f) => f.code === row.code)!;
    if (row.names) expect(`${finding.message} | ${finding.seen}`).toMatch(row.names);
    // A finding is a check line of its own, in the step that saw it.
    expect(result.checks).toContainEqual(expect.objectContaining({ outcome: 'finding', check: row.code, step: finding.step }));
  });
}

test('a finding stays reported when the harness breaks after it (a finding is never turned into broken or passed)', async () => {
  // The previous user's name is on the login form (a finding), then the next person's own login is refused.
  const { result } = await playOnModel('shared-computer', {
    behaviour: { previousUserGreeting: true },
    target: { users: [{ id: 'tolvan', username: 'tolvan', password: 'pw-tolvan-1', displayName: 'Tolvan Tolvansson' }, { id: 'nina', username: 'nina', password: 'wrong', displayName: 'Nina Nilsson' }] },
  });
  expect(result.verdict, explain(result)).toBe('failed');
  expect(result.findings.map((f) => f.code)).toEqual(['PREVIOUS_USER_VISIBLE', 'PREVIOUS_USER_VISIBLE']);
  expect(result.reason).toMatch(/^after the finding: LOGIN_FAILED in step "the next person logs in"/);
});

test('a later check that passes does not take back an earlier finding of the same scenario', async () => {
  // Cacheable pages: the header check and the back button find them; the reload then asks the server, which
  // sends the login form (a pass). The scenario stays failed.
  const { result } = await playOnModel('logout-back-button', { behaviour: { cacheablePages: true } });
  const firstFinding = result.checks.findIndex((c) => c.outcome === 'finding');
  const lastPass = result.checks.map((c) => c.outcome).lastIndexOf('passed');
  expect(firstFinding, explain(result)).toBeGreaterThanOrEqual(0);
  expect(lastPass).toBeGreaterThan(firstFinding);
  expect(result.verdict).toBe('failed');
  expect(result.findings.map((f) => f.code)).toEqual(['AUTHENTICATED_PAGE_CACHED', 'AUTHENTICATED_PAGE_CACHED']);
});
