import { expect, test } from '@playwright/test';
import menubarFile from '../../targets/examples/menubar';
import { auditForeign, outcome, type ForeignPortal } from './foreign-audit';
import { MENUBAR_USERS, startMenubar, type MenubarMode } from './menubar-portal';

// Menubar (suites/foreign/menubar-portal.ts) audited through targets/examples/menubar.ts alone: a login dialog
// behind a button (login.open), sign-out and the user's name in a menu behind an avatar (userMenu), and "sign
// out everywhere else" that keeps this computer logged in (logout.everywhere.keepsThisSession). Each test names
// the field it proves; without that field's step the clean portal ends broken, not passed.

const menubar: ForeignPortal<MenubarMode> = {
  file: menubarFile,
  source: 'targets/examples/menubar.ts',
  env: () => ({
    MENUBAR_USER_1: MENUBAR_USERS[0].username,
    MENUBAR_PASSWORD_1: MENUBAR_USERS[0].password,
    MENUBAR_USER_2: MENUBAR_USERS[1].username,
    MENUBAR_PASSWORD_2: MENUBAR_USERS[1].password,
  }),
  urls: (portal) => ({ baseUrl: portal.url }),
  start: startMenubar,
};

const passed = { verdict: 'passed', codes: [], reason: undefined };

test('login.open and userMenu: the clean Menubar passes logout-revisit', async () => {
  expect(outcome(await auditForeign(menubar, 'logout-revisit'))).toEqual(passed);
});

test('userMenu opened by a click also opens a hover menu: logout-revisit passes with a CSS :hover menu', async () => {
  expect(outcome(await auditForeign(menubar, 'logout-revisit', ['hover-menu']))).toEqual(passed);
});

test('a sign-out that ends nothing, behind the menu, fails logout-revisit with LOGIN_NOT_REQUIRED_AFTER_LOGOUT', async () => {
  expect(outcome(await auditForeign(menubar, 'logout-revisit', ['sign-out-ends-nothing']))).toMatchObject({ verdict: 'failed', codes: ['LOGIN_NOT_REQUIRED_AFTER_LOGOUT'] });
});

test('the name only in the user menu: the clean Menubar passes shared-computer', async () => {
  expect(outcome(await auditForeign(menubar, 'shared-computer'))).toEqual(passed);
});

test('the sign-in dialog greeting the last user fails shared-computer with PREVIOUS_USER_VISIBLE', async () => {
  const result = await auditForeign(menubar, 'shared-computer', ['greets-last-user']);
  expect(outcome(result)).toMatchObject({ verdict: 'failed' });
  expect([...new Set(result.findings.map((f) => f.code))]).toEqual(['PREVIOUS_USER_VISIBLE']);
});

test('"sign out everywhere else" keeping this computer: the clean Menubar passes logout-everywhere', async () => {
  expect(outcome(await auditForeign(menubar, 'logout-everywhere'))).toEqual(passed);
});

test('"sign out everywhere else" that ends no other session fails logout-everywhere with OTHER_DEVICE_STILL_AUTHENTICATED', async () => {
  expect(outcome(await auditForeign(menubar, 'logout-everywhere', ['others-kept-alive']))).toMatchObject({ verdict: 'failed', codes: ['OTHER_DEVICE_STILL_AUTHENTICATED'] });
});
