import { defineTarget } from '../define-target';

// Example target for a single-page app that keeps its access token in Web Storage (the LabLink demo the
// foreign-portal spec starts: Koa, @koa/router, jose). The app draws its login form and its data in one page
// (/app), so both signals are selectors in that page. api.bearerToken names the sessionStorage key the app
// keeps its token under: logout-other-tab then calls the API with the other tab's own token. The refresh
// cookie (HttpOnly, Path=/api/auth) is found without naming it: the login set it. Credentials: LABLINK_USER_1 /
// LABLINK_PASSWORD_1 and _2.
export default defineTarget({
  name: 'lablink-example',
  baseUrl: process.env.LABLINK_URL ?? 'http://127.0.0.1:8383',
  protectedPaths: ['/app'],
  loggedIn: { selector: '#results' },
  loginRequired: { selector: 'form#login input[name=password]' },
  login: { username: '#username', password: '#password', submit: '#sign-in', error: { selector: '.login-failed' } },
  logout: { click: '#logout', done: { selector: '#signed-out' } },
  api: { path: '/api/results', bearerToken: { storage: 'sessionStorage', key: 'lablink.access' } },
  users: [
    { id: 'erik', usernameEnv: 'LABLINK_USER_1', passwordEnv: 'LABLINK_PASSWORD_1', displayName: 'Erik Sund' },
    { id: 'frida', usernameEnv: 'LABLINK_USER_2', passwordEnv: 'LABLINK_PASSWORD_2', displayName: 'Frida Ek' },
  ],
  policy: { closeWithoutLogout: 'require-login' },
});
