import { expect, test } from '@playwright/test';
import { parseTarget } from '../../targets/target';
import { auditPlan, unplannedRuns } from '../audit-plan';

test('the default plan runs every preset only where the browser restarts, and both personas everywhere', () => {
  // 3 scenarios restart the browser (close, reboot, power cut): both presets. close-without-logout restarts too,
  // but under restore-session keeping the session is the user's own choice. The other 11 never restart: one preset.
  expect(auditPlan({}).length).toBe(3 * 2 * 2 + 12 * 1 * 2);
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
