import { defineTarget } from '../define-target';

// Example target for a portal with a "keep me signed in" box (the PillBox demo the foreign-portal spec starts:
// Fastify with @fastify/session and a 30-day remember-me cookie). login.remember names the box: every scenario
// leaves it unticked, as on a shared computer, except logout-remember-me, which ticks it and checks that logout
// ends the remembered login too. Credentials: PILLBOX_USER_1 / PILLBOX_PASSWORD_1 and _2.
export default defineTarget({
  name: 'pillbox-example',
  baseUrl: process.env.PILLBOX_URL ?? 'http://127.0.0.1:8282',
  protectedPaths: ['/account/prescriptions'],
  loggedIn: { selector: '#prescriptions' },
  loginRequired: { selector: 'form#sign-in-form input[name=password]' },
  login: { username: '#email', password: '#password', remember: '#keep-signed-in', submit: '#sign-in', error: { selector: '.login-failed' } },
  logout: { click: '#sign-out', done: { selector: '#signed-out' } },
  api: { path: '/account/api/prescriptions' },
  users: [
    { id: 'clara', usernameEnv: 'PILLBOX_USER_1', passwordEnv: 'PILLBOX_PASSWORD_1', displayName: 'Clara Lind' },
    { id: 'david', usernameEnv: 'PILLBOX_USER_2', passwordEnv: 'PILLBOX_PASSWORD_2', displayName: 'David Holm' },
  ],
  policy: { closeWithoutLogout: 'require-login' },
});
