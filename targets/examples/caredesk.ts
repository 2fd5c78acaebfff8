import { defineTarget } from '../define-target';

// Example target for a portal with its own login form and no identity provider (the CareDesk demo the
// self-test starts). Credentials come from the environment: CAREDESK_USER_1 / CAREDESK_PASSWORD_1 and _2.
export default defineTarget({
  name: 'caredesk-example',
  baseUrl: process.env.CAREDESK_URL ?? 'http://127.0.0.1:8181',
  startPath: '/',
  protectedPaths: ['/account/records'],
  loggedIn: { selector: '#patient-records' },
  loginRequired: { selector: 'form#signin input[name=pass]' },
  login: { username: '#user', password: '#pass', submit: '#go', error: { selector: '.flash-error' } },
  logout: { click: '#sign-out', done: { selector: 'h1#bye' } },
  api: { path: '/account/api/records' },
  users: [
    { id: 'anna', usernameEnv: 'CAREDESK_USER_1', passwordEnv: 'CAREDESK_PASSWORD_1', displayName: 'Anna Andersson' },
    { id: 'bo', usernameEnv: 'CAREDESK_USER_2', passwordEnv: 'CAREDESK_PASSWORD_2', displayName: 'Bo Berg' },
  ],
  policy: { closeWithoutLogout: 'require-login' },
});
