import { defineTarget } from '../../targets/define-target';

// The target file for the LiveFeed portal (./livefeed-portal.ts), as its operator would write it: nothing in it
// mentions live channels, which logout-other-tab finds and watches by itself. The URL and the credentials come
// from the environment (LIVEFEED_URL; LIVEFEED_USER_1 / LIVEFEED_PASSWORD_1 and _2).
export default defineTarget({
  name: 'livefeed',
  baseUrl: process.env.LIVEFEED_URL ?? 'http://127.0.0.1:8686',
  protectedPaths: ['/vitals'],
  loggedIn: { selector: '#vitals' },
  loginRequired: { selector: 'form#login input[name=password]' },
  login: { username: '#username', password: '#password', submit: '#sign-in', error: { selector: '.login-failed' } },
  logout: { click: '#sign-out', done: { selector: '#signed-out' } },
  api: { path: '/api/me' },
  users: [
    { id: 'greta', usernameEnv: 'LIVEFEED_USER_1', passwordEnv: 'LIVEFEED_PASSWORD_1', displayName: 'Greta Garbo' },
    { id: 'hugo', usernameEnv: 'LIVEFEED_USER_2', passwordEnv: 'LIVEFEED_PASSWORD_2', displayName: 'Hugo Alfvén' },
  ],
  policy: { closeWithoutLogout: 'require-login' },
});
