import { expect, test } from '@playwright/test';
import { controls } from '../../../scenarios/controls';
import { explain, modelTarget, playOnModel, type Run } from './model';

// Where the engine cannot decide, the run is broken with the reason, never passed: a positive control that
// does not hold (CONTROL_FAILED, naming what the target file probably describes wrong), a login that does not
// work, a selector the page does not have, a power cut that brought nothing back to test. A model that also
// lets someone in after such a failed control still gets no pass.

interface Row {
  title: string;
  scenario: string;
  run: Run;
  reason: RegExp;
}

const rows: Row[] = [
  {
    title: 'the API call is refused even while logged in (a wrong api.path)',
    scenario: 'logout-other-tab',
    run: { behaviour: { apiRefusesAlways: true } },
    reason: /^CONTROL_FAILED in step "call the portal's API from this tab \(while logged in\)".*HTTP 401.*api\.path or api\.bearerToken is wrong/,
  },
  {
    title: 'the API refuses while logged in and would also refuse after logout: still no pass',
    scenario: 'logout-other-tab',
    run: { behaviour: { apiRefusesAlways: true, apiIgnoresLogout: true } },
    reason: /^CONTROL_FAILED/,
  },
  {
    title: 'the copied jar is not logged in before logout (a session bound to its browser)',
    scenario: 'logout-replay',
    run: { behaviour: { sessionBoundToClient: true } },
    reason: /^CONTROL_FAILED in step "before logout, show that the copied cookies.*login-required at .*portal\.sid/,
  },
  {
    title: 'the copied jar is not logged in before logout, and the server keeps sessions after logout: still no pass',
    scenario: 'logout-replay',
    run: { behaviour: { sessionBoundToClient: true, logoutKeepsServerSession: true } },
    reason: /^CONTROL_FAILED/,
  },
  {
    title: '"remember me" does not keep the user across a restart without logout',
    scenario: 'logout-remember-me',
    run: { behaviour: { rememberIgnored: true } },
    reason: /^CONTROL_FAILED in step "expect "remember me" to have kept.*the login form/,
  },
  {
    title: "the target's sessionCookies names no cookie the portal sets",
    scenario: 'logout-storage-residue',
    run: { target: { sessionCookies: ['JSESSIONID'] } },
    reason: /^CONTROL_FAILED.*no session cookie of http:\/\/127\.0\.0\.1:9 came with the login/,
  },
  {
    title: "the user's displayName is not the name the portal shows",
    scenario: 'shared-computer',
    run: { target: { users: [{ id: 'tolvan', username: 'tolvan', password: 'pw-tolvan-1', displayName: 'Someone Else' }, modelTarget.users[1]!] } },
    reason: /^CONTROL_FAILED.*no "Someone Else"/,
  },
  {
    title: 'the power cut brought none of the pre-logout cookies back',
    scenario: 'logout-power-cut',
    run: { driver: { crashRestores: 'nothing' } },
    reason: /^PRECONDITION in step "see which pre-logout cookies or localStorage entries the browser brought back"/,
  },
  {
    title: 'the portal rejects the credentials',
    scenario: 'logout-revisit',
    run: { target: { users: [{ id: 'tolvan', username: 'tolvan', password: 'not-the-password' }] } },
    reason: /^LOGIN_FAILED in step "log in": the portal rejected the credentials of user tolvan/,
  },
  {
    title: "the target's loggedIn marker is not on the portal's page",
    scenario: 'logout-revisit',
    run: { target: { loggedIn: { selector: '#no-such-marker' } } },
    reason: /^LOGIN_FAILED in step "log in": login did not reach the personal data/,
  },
  {
    title: "the target's login selector is not on the login form",
    scenario: 'logout-revisit',
    run: { target: { login: { ...modelTarget.login, username: '#user-name' } } },
    reason: /^SELECTOR_MISSING in step "log in": no usable element for selector #user-name/,
  },
  {
    title: "the target's logout control is not on the page",
    scenario: 'logout-revisit',
    run: { target: { logout: { ...modelTarget.logout, click: '#log-out' } } },
    reason: /^SELECTOR_MISSING in step "log out"/,
  },
  {
    title: "the target's logged-out signal never appears",
    scenario: 'logout-revisit',
    run: { target: { logout: { ...modelTarget.logout, done: { text: 'Hej då' } } } },
    reason: /^LOGOUT_NOT_FINISHED in step "log out"/,
  },
  {
    title: 'the protected page the target names is not protected (no login form, no personal data)',
    scenario: 'logout-revisit',
    run: { target: { protectedPaths: ['/no-such-page'] } },
    reason: /^LOGIN_FAILED in step "log in": no login form appeared/,
  },
];

for (const row of rows) {
  test(`${row.scenario} is broken, never passed, when ${row.title}`, async () => {
    const { result } = await playOnModel(row.scenario, row.run);
    expect(result.verdict, explain(result)).toBe('broken');
    expect(result.findings).toEqual([]);
    expect(result.reason).toMatch(row.reason);
    // The code is the result's own field (summary.json, JUnit, Allure), the same one its reason starts with.
    expect(result.code, 'a stable code on the result').toBeTruthy();
    expect(result.reason?.startsWith(`${result.code} in step`)).toBe(true);
  });
}

test('a control that held is its own check line, and the refusal after logout names it', async () => {
  const { result } = await playOnModel('logout-other-tab');
  expect(result.checks).toContainEqual(expect.objectContaining({ outcome: 'control', check: controls.api, seen: 'HTTP 200 from http://127.0.0.1:9/api/journal' }));
  expect(result.checks).toContainEqual(expect.objectContaining({ outcome: 'passed', check: 'API refuses after logout', control: controls.api, seen: 'HTTP 401 from http://127.0.0.1:9/api/journal' }));
});

test('the revived cookies are the control of the power cut: named with where they came back', async () => {
  const { result } = await playOnModel('logout-power-cut');
  expect(result.verdict, explain(result)).toBe('passed');
  const revived = result.checks.find((c) => c.outcome === 'control' && c.check === controls.revived);
  expect(revived?.seen).toMatch(/^portal\.sid@127\.0\.0\.1 \(in the jar\)$/);
  expect(result.checks.find((c) => c.outcome === 'passed')?.control).toBe(controls.revived);
});

test('a crash that restores only cookies with an expiry brings no session cookie back: broken, not passed', async () => {
  const { result } = await playOnModel('logout-power-cut', { driver: { crashRestores: 'persistent' } });
  expect(result.verdict).toBe('broken');
  expect(result.code).toBe('PRECONDITION');
  expect(result.reason).toMatch(/brought back none of the pre-logout cookies/);
});

test('a browser that wrote its logged-out jar before the power cut came: broken by the machine (CUT_CAME_LATE), not by the browser', async () => {
  const { result } = await playOnModel('logout-power-cut', { driver: { writesBeforeCut: true } });
  expect(result.verdict).toBe('broken');
  expect(result.code).toBe('CUT_CAME_LATE');
  expect(result.reason).toMatch(/written its store again after the login was on disk and before the power cut/);
});
