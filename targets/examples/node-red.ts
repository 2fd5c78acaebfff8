import { defineTarget } from '../define-target';

// Example target for Node-RED's flow editor (npm node-red 4.1) with adminAuth credentials: a single-page app
// whose login lives in localStorage, not in a cookie. The editor asks the server for its settings, gets 401 and
// draws its login dialog on its own, so the dialog's password field is the "login required" sign. The token is
// kept as JSON under "auth-tokens" ({ access_token, expires_in, token_type }) and sent as Authorization: Bearer
// on every call: api.bearerToken names that field. Logout is "Logout" in the user menu (the header's user
// button). loggedIn is the tab of a flow the self-test puts into the user dir (suites/real-apps/node-red-app.ts):
// in your own Node-RED, name one of your flow tabs (its id, with "." written "-"). Credentials: NODE_RED_USER_1 /
// NODE_RED_PASSWORD_1 and _2 (users of adminAuth).
export default defineTarget({
  name: 'node-red-example',
  baseUrl: process.env.NODE_RED_URL ?? 'http://127.0.0.1:1880',
  protectedPaths: ['/'],
  loggedIn: { selector: '#red-ui-tab-audit-records' },
  loginRequired: { selector: '#node-dialog-login-password' },
  login: { username: '#node-dialog-login-username', password: '#node-dialog-login-password', submit: '#node-dialog-login-submit', error: { selector: '#node-dialog-login-failed' } },
  userMenu: { open: '#red-ui-header-button-user', panel: '#red-ui-header-button-user-submenu' },
  logout: { click: '#usermenu-item-logout', done: { selector: '#node-dialog-login-password' } },
  api: { path: '/flows', bearerToken: { storage: 'localStorage', key: 'auth-tokens', field: 'access_token' } },
  users: [
    { id: 'ada', usernameEnv: 'NODE_RED_USER_1', passwordEnv: 'NODE_RED_PASSWORD_1' },
    { id: 'linus', usernameEnv: 'NODE_RED_USER_2', passwordEnv: 'NODE_RED_PASSWORD_2' },
  ],
  policy: { closeWithoutLogout: 'require-login' },
});
