import { expect, test } from '@playwright/test';
import { parseTarget } from '../../targets/target';
import { auditPlan as planOf, unplannedRuns as unplannedOf } from '../../audit/plan';
import { parseAuditSettings } from '../../audit/settings';

// The plan of the settings parsed from these variables, as the CLI, the config and the audit spec make it.
const auditPlan = (env: NodeJS.ProcessEnv) => planOf(parseAuditSettings(env));
const unplannedRuns = (env: NodeJS.ProcessEnv) => unplannedOf(parseAuditSettings(env));

test('the default plan runs every preset only where the browser restarts, and both personas everywhere', () => {
  // 4 scenarios restart the browser (close, reboot, power cut, remember-me): both presets. close-without-logout
  // restarts too, but under restore-session keeping the session is the user's own choice. The other 12 never
  // restart: one preset.
  expect(auditPlan({}).length).toBe(4 * 2 * 2 + 13 * 1 * 2);
  expect(auditPlan({}).filter((p) => p.scenario.id === 'close-without-logout').map((p) => p.preset)).toEqual(['fresh-default', 'fresh-default']);
  expect(new Set(auditPlan({}).filter((p) => p.scenario.id === 'logout-reboot').map((p) => p.preset))).toEqual(new Set(['fresh-default', 'restore-session']));
  expect(auditPlan({}).filter((p) => p.scenario.id === 'logout-revisit').map((p) => `${p.preset}/${p.persona}`)).toEqual(['fresh-default/default', 'fresh-default/ie11']);
});

test('every combination left out of the plan is listed with its reason', () => {
  const left = unplannedRuns({});
  expect(left.map((l) => `${l.scenario}/${l.preset}`)).toContain('logout-revisit/restore-session');
  expect(left.find((l) => l.scenario === 'logout-revisit')?.why).toMatch(/never restarts the browser/);
  expect(left.find((l) => l.scenario === 'close-without-logout')?.why).toMatch(/fresh-default only/);
  expect(left.some((l) => l.scenario === 'logout-close-relaunch')).toBe(false);
});

test('the plan narrows to the scenarios, presets and personas asked for', () => {
  const plan = auditPlan({ AUDIT_SCENARIOS: 'logout-revisit', AUDIT_PRESETS: 'fresh-default', AUDIT_PERSONAS: 'ie11' });
  expect(plan.map((p) => [p.scenario.id, p.preset, p.persona])).toEqual([['logout-revisit', 'fresh-default', 'ie11']]);
});

test('an unknown scenario, preset or persona is refused with the valid names', () => {
  expect(() => auditPlan({ AUDIT_SCENARIOS: 'logout-nowhere' })).toThrow(/unknown scenario "logout-nowhere".*logout-revisit/);
  expect(() => auditPlan({ AUDIT_PRESETS: 'kiosk' })).toThrow(/unknown preset "kiosk".*fresh-default/);
  expect(() => auditPlan({ AUDIT_PERSONAS: 'ie6' })).toThrow(/unknown persona "ie6".*ie11/);
});

test('a wrong target field is named, with what was expected', () => {
  expect(() =>
    parseTarget({
      name: 't', baseUrl: 'not a url', protectedPaths: ['mina-sidor'], loggedIn: {}, loginRequired: { selector: '#pw' },
      login: { username: '#u', password: '#p', submit: '#s' }, logout: { click: '#o', done: { text: 'bye' } },
      users: [{ id: 'a', username: 'a', password: 'b' }], policy: {},
    }),
  ).toThrow(/baseUrl: an absolute URL[\s\S]*protectedPaths\.0: a path starting with "\/"[\s\S]*loggedIn: give at least one/);
});

const base = {
  name: 't', baseUrl: 'https://portal.example.se', protectedPaths: ['/p'], loggedIn: { selector: '#data' }, loginRequired: { selector: '#pw' },
  users: [{ id: 'a', username: 'a', password: 'b' }], policy: {},
};

test('login is either declared as selectors or given as a script', () => {
  const logout = { click: '#out', done: { text: 'bye' } };
  expect(() => parseTarget({ ...base, login: { script: async () => undefined }, logout })).not.toThrow();
  expect(() => parseTarget({ ...base, login: { username: '#u' }, logout })).toThrow(/login: either \{ username, password, submit \} selectors or \{ script \}/);
});

test('logout is exactly one of click, url or script', () => {
  const login = { username: '#u', password: '#p', submit: '#s' };
  expect(() => parseTarget({ ...base, login, logout: { url: '/logout', done: { text: 'bye' } } })).not.toThrow();
  expect(() => parseTarget({ ...base, login, logout: { click: '#out', url: '/logout', done: { text: 'bye' } } })).toThrow(/logout: give exactly one way to log out/);
  expect(() => parseTarget({ ...base, login, logout: { done: { text: 'bye' } } })).toThrow(/logout: give exactly one way to log out/);
});

// What used to pass validation and fail only once browsers ran: each wrong field is one line naming it.
const loginAndLogout = { login: { username: '#u', password: '#p', submit: '#s' }, logout: { click: '#out', done: { text: 'bye' } } };
function problems(overrides: Record<string, unknown>): string[] {
  try {
    parseTarget({ ...base, ...loginAndLogout, ...overrides }, 'x.ts');
    return [];
  } catch (error) {
    return (error as Error).message.split('\n').slice(1).map((l) => l.trim());
  }
}

test('a URL a browser cannot open is refused for baseUrl, idp.issuer and idp.redirectUri', () => {
  const http = /an absolute URL starting with http:\/\/ or https:\/\//;
  expect(problems({ baseUrl: 'localhost:8181' })).toEqual([expect.stringMatching(new RegExp(`^baseUrl: ${http.source}`))]);
  expect(problems({ baseUrl: 'ftp://portal.example.se' })).toEqual([expect.stringMatching(/^baseUrl: an absolute URL starting with http/)]);
  expect(problems({ idp: { issuer: 'ftp://idp.example.se', redirectUri: 'javascript:alert(1)' } })).toEqual([
    expect.stringMatching(/^idp\.issuer: an absolute URL starting with http/),
    expect.stringMatching(/^idp\.redirectUri: an absolute URL starting with http/),
  ]);
  expect(problems({ baseUrl: 'http://127.0.0.1:8181', idp: { issuer: 'https://idp.example.se', redirectUri: 'http://127.0.0.1:8181/callback' } })).toEqual([]);
});

test('every urlPattern and cookie-name pattern is compiled, and a bad one is named with the RegExp error', () => {
  expect(
    problems({
      loggedIn: { urlPattern: '[' },
      loginRequired: { selector: '#pw', urlPattern: '(' },
      logout: { click: '#out', done: { urlPattern: '*bye' } },
      sessionCookies: ['sid', 'sess_(.*'],
    }),
  ).toEqual([
    expect.stringMatching(/^loggedIn\.urlPattern: not a valid regular expression \(Invalid regular expression: \/\[\/: Unterminated character class\)/),
    expect.stringMatching(/^loginRequired\.urlPattern: not a valid regular expression \(.*Unterminated group\)/),
    expect.stringMatching(/^logout\.done\.urlPattern: not a valid regular expression \(.*Nothing to repeat\)/),
    expect.stringMatching(/^sessionCookies\.1: not a valid regular expression/),
  ]);
  expect(problems({ loggedIn: { urlPattern: '/mina-sidor$' }, sessionCookies: ['JSESSIONID', 'sess_.*'] })).toEqual([]);
});

test('an empty or blank selector is refused, naming the field', () => {
  expect(
    problems({
      loggedIn: { selector: '' },
      login: { username: '#u', password: '#p', submit: '  ' },
      logout: { click: '#out', done: { selector: '' }, everywhere: ' ' },
      api: { path: '/api', bearerToken: { selector: '', attribute: 'content' } },
    }),
  ).toEqual([
    expect.stringMatching(/^loggedIn\.selector: a CSS selector, e\.g\. "#logout" \(it is empty\)/),
    expect.stringMatching(/^login\.submit: a CSS selector/),
    expect.stringMatching(/^logout\.done\.selector: a CSS selector/),
    expect.stringMatching(/^logout\.everywhere: a CSS selector/),
    expect.stringMatching(/^api\.bearerToken\.selector: a CSS selector/),
  ]);
});

// Real portals hide their controls: a login dialog behind a button, logout and the user's name in a menu,
// "log out everywhere else". Each has its field, refused with one line naming it when wrong.
test('login.open names the button of a login dialog, and loginRequired must then show before it opens', () => {
  const login = { username: '#u', password: '#p', submit: '#s' };
  expect(problems({ login: { ...login, open: '#sign-in-button' }, loginRequired: { selector: '#sign-in-button' } })).toEqual([]);
  expect(problems({ login: { ...login, open: ' ' } })).toEqual([expect.stringMatching(/^login\.open: a CSS selector/)]);
  // The dialog's own fields are hidden until the click: a revisit would see neither logged in nor login required.
  expect(problems({ login: { ...login, open: '#sign-in-button' }, loginRequired: { selector: '#p' } })).toEqual([
    'loginRequired.selector: with login.open, a sign a logged-out page shows before the dialog opens, e.g. the button itself { selector: "#sign-in-button" }',
  ]);
});

test('userMenu is { open, panel }, each a selector named when missing or empty', () => {
  expect(problems({ userMenu: { open: '#avatar', panel: '#user-menu' } })).toEqual([]);
  expect(problems({ userMenu: { open: '#avatar' } })).toEqual(['userMenu.panel: the selector of what shows once the menu is open, e.g. "#user-menu"']);
  expect(problems({ userMenu: { open: '', panel: '#user-menu' } })).toEqual([expect.stringMatching(/^userMenu\.open: a CSS selector/)]);
  expect(problems({ userMenu: '#avatar' })).toEqual(['userMenu: the menu as { open, panel }, e.g. { open: "#avatar", panel: "#user-menu" }']);
});

test('logout.everywhere is a selector, or { click, keepsThisSession, done } for "log out everywhere else"', () => {
  const logout = (everywhere: unknown) => ({ logout: { click: '#out', done: { text: 'bye' }, everywhere } });
  expect(problems(logout('#logout-all'))).toEqual([]);
  expect(problems(logout({ click: '#logout-others', keepsThisSession: true, done: { text: 'Signed out of all other devices' } }))).toEqual([]);
  expect(parseTarget({ ...base, ...loginAndLogout, ...logout({ click: '#logout-all' }) }).logout.everywhere).toEqual({ click: '#logout-all', keepsThisSession: false });
  // Without its own confirmation, a slow portal would read as one that ends nothing on the other computer.
  expect(problems(logout({ click: '#logout-others', keepsThisSession: true }))).toEqual([
    'logout.everywhere.done: with keepsThisSession, say what the page shows once the other sessions are ended, e.g. done: { text: "Signed out of all other devices" }',
  ]);
  expect(problems(logout({ click: ' ' }))).toEqual([expect.stringMatching(/^logout\.everywhere\.click: a CSS selector/)]);
  expect(problems(logout(true))).toEqual(['logout.everywhere: a selector, e.g. "#logout-everywhere", or { click, keepsThisSession: true, done }']);
});
