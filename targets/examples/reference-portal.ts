import { defineTarget } from 'logout-audit';

// The reference portal (npm run portal) described by a target file, as a stranger's portal would be: the
// proof that a target file kept outside this repository is audited the same as the embedded target. The
// portal listens on ephemeral ports, so its URLs come from the environment, as `npm run portal` prints them:
//   REFERENCE_PORTAL_URL=http://127.0.0.1:<port> REFERENCE_IDP_URL=http://localhost:<port>
//   REFERENCE_USER_1=tolvan REFERENCE_PASSWORD_1=... (a demo user `npm run portal` lists)
//   REFERENCE_IDLE_TIMEOUT_SECONDS=<the idle timeout it prints> (default 10, the portal's own default)
const portalUrl = process.env.REFERENCE_PORTAL_URL ?? '';

export default defineTarget({
  name: 'reference-portal (target file)',
  baseUrl: portalUrl,
  protectedPaths: ['/mina-sidor'],
  loggedIn: { selector: '[data-testid=personal-data]' },
  loginRequired: { selector: 'form#login input[name=password]' },
  login: { username: '#username', password: '#password', submit: '#sign-in', remember: '#remember', error: { selector: '.login-error' } },
  logout: { click: '#logout', done: { selector: '#logged-out' }, everywhere: '#logout-everywhere' },
  api: { path: '/api/journal', bearerToken: { selector: 'meta[name=vp-api-token]', attribute: 'content' } },
  idp: { issuer: process.env.REFERENCE_IDP_URL ?? '', clientId: 'vardportalen', redirectUri: `${portalUrl}/callback` },
  users: [{ id: 'tolvan', usernameEnv: 'REFERENCE_USER_1', passwordEnv: 'REFERENCE_PASSWORD_1' }],
  policy: { closeWithoutLogout: 'require-login', idleTimeoutSeconds: Number(process.env.REFERENCE_IDLE_TIMEOUT_SECONDS ?? 10) },
});
