import { expect, test } from '@playwright/test';
import type { TargetFile } from '../../targets/define-target';
import { auditForeign, outcome, type ForeignPortal } from './foreign-audit';
import { SPA_SHELL_USERS, startSpaShell, type SpaShellDefect } from './spa-shell-portal';

// A single-page app whose shell shows one thing at once and another when its API answers: the revisit after
// logout is judged on what the page showed until it settled, and personal data on screen at any moment of it is
// a finding (ARCHITECTURE.md 3, "Settled page"). The first signal seen decides nothing.

const file: TargetFile = {
  name: 'spa-shell',
  baseUrl: 'http://127.0.0.1:1',
  startPath: '/',
  protectedPaths: ['/app/records'],
  loggedIn: { selector: '#patient-records' },
  loginRequired: { selector: 'form#signin input[name=pass]' },
  login: { username: '#user', password: '#pass', submit: '#go', error: { selector: '.flash-error' } },
  logout: { click: '#sign-out', done: { selector: 'h1#bye' } },
  users: [
    { id: 'ada', usernameEnv: 'SHELL_USER_1', passwordEnv: 'SHELL_PASSWORD_1', displayName: SPA_SHELL_USERS[0].name },
    { id: 'per', usernameEnv: 'SHELL_USER_2', passwordEnv: 'SHELL_PASSWORD_2', displayName: SPA_SHELL_USERS[1].name },
  ],
  policy: { closeWithoutLogout: 'require-login' },
};

const shell: ForeignPortal<SpaShellDefect> = {
  file,
  source: 'suites/foreign/spa-shell.spec.ts',
  env: () => ({
    SHELL_USER_1: SPA_SHELL_USERS[0].username,
    SHELL_PASSWORD_1: SPA_SHELL_USERS[0].password,
    SHELL_USER_2: SPA_SHELL_USERS[1].username,
    SHELL_PASSWORD_2: SPA_SHELL_USERS[1].password,
  }),
  urls: (portal) => ({ baseUrl: portal.url }),
  start: startSpaShell,
};

test('records that come after the login form, from a data call the logout did not end, fail logout-revisit', async () => {
  expect(outcome(await auditForeign(shell, 'logout-revisit', ['data-call-outlives-logout']))).toEqual({ verdict: 'failed', codes: ['LOGIN_NOT_REQUIRED_AFTER_LOGOUT'], reason: undefined });
});

test('records shown from the cache before the login form are on screen after logout: a finding too', async () => {
  expect(outcome(await auditForeign(shell, 'logout-revisit', ['cached-records']))).toEqual({ verdict: 'failed', codes: ['LOGIN_NOT_REQUIRED_AFTER_LOGOUT'], reason: undefined });
});

test('the shell whose logout ends its data call passes logout-revisit: its form stays once the call is refused', async () => {
  expect(outcome(await auditForeign(shell, 'logout-revisit'))).toEqual({ verdict: 'passed', codes: [], reason: undefined });
});
