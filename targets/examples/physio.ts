import { defineTarget } from '../define-target';

// Example target for a portal that signs in at an OpenID Connect provider with express-openid-connect and keeps
// its session in an encrypted cookie (the PhysioNet demo the foreign-portal spec starts, on the embedded IdP).
// loginRequired is the IdP's login form: a protected page sends a logged-out browser there. login.remember is
// the IdP's "Kom ihåg mig" box: logout-remember-me checks that logout ends the remembered IdP session too.
// idp.clientId and redirectUri let logout-sso-silent ask the IdP with prompt=none. The URLs come from the
// environment (PHYSIO_URL, PHYSIO_IDP_URL); credentials: PHYSIO_USER_1 / PHYSIO_PASSWORD_1 and _2.
const portalUrl = process.env.PHYSIO_URL ?? 'http://127.0.0.1:8484';

export default defineTarget({
  name: 'physio-example',
  baseUrl: portalUrl,
  protectedPaths: ['/my/treatment'],
  loggedIn: { selector: '#treatment-plan' },
  loginRequired: { selector: 'form#login input[name=password]' },
  login: { username: '#username', password: '#password', remember: '#remember', submit: '#sign-in', error: { selector: '.login-error' } },
  logout: { click: '#sign-out', done: { selector: '#signed-out' } },
  idp: { issuer: process.env.PHYSIO_IDP_URL ?? 'http://localhost:8485', clientId: 'physionet', redirectUri: `${portalUrl}/callback` },
  users: [
    { id: 'tolvan', usernameEnv: 'PHYSIO_USER_1', passwordEnv: 'PHYSIO_PASSWORD_1', displayName: 'Tolvan Tolvansson' },
    { id: 'elvan', usernameEnv: 'PHYSIO_USER_2', passwordEnv: 'PHYSIO_PASSWORD_2', displayName: 'Elvan Elvasson' },
  ],
  policy: { closeWithoutLogout: 'require-login' },
});
