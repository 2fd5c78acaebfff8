import { defineTarget } from '../define-target';

// Example target for verdaccio's web UI (npm verdaccio 5), a private npm registry whose packages only logged-in
// users may read (packages: access: $authenticated). A single-page app: its login is a JWT kept in localStorage
// under "token" (a plain string) and sent as Authorization: Bearer; the login form is a dialog behind the
// header's "Login" button (login.open), which is also what a logged-out page shows; logout is in the menu behind
// the account icon. The home page lists the private packages: loggedIn is a package's title there. Credentials:
// VERDACCIO_USER_1 / VERDACCIO_PASSWORD_1 and _2 (users of the htpasswd file).
export default defineTarget({
  name: 'verdaccio-example',
  baseUrl: process.env.VERDACCIO_URL ?? 'http://127.0.0.1:4873',
  protectedPaths: ['/'],
  loggedIn: { selector: '[data-testid="package-title"]' },
  loginRequired: { selector: '[data-testid="header--button-login"]' },
  login: {
    open: '[data-testid="header--button-login"]',
    username: '#login--dialog-username',
    password: '#login--dialog-password',
    submit: '#login--dialog-button-submit',
  },
  userMenu: { open: '#header--button-account', panel: '#logOutDialogIcon' },
  logout: { click: '#logOutDialogIcon', done: { selector: '[data-testid="header--button-login"]' } },
  // A package's sidebar, which its page loads: 401 without a token for a package only logged-in users may read.
  api: { path: '/-/verdaccio/data/sidebar/@clinic/records', bearerToken: { storage: 'localStorage', key: 'token' } },
  users: [
    { id: 'grace', usernameEnv: 'VERDACCIO_USER_1', passwordEnv: 'VERDACCIO_PASSWORD_1' },
    { id: 'alan', usernameEnv: 'VERDACCIO_USER_2', passwordEnv: 'VERDACCIO_PASSWORD_2' },
  ],
  policy: { closeWithoutLogout: 'require-login' },
});
