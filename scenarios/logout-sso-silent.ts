import { scenario } from './scenario';
import { expectLoginRequired, login, logout, openProtectedPage, requestSilentLogin, revisitProtectedPage } from './steps';

export default scenario({
  id: 'logout-sso-silent',
  title: "after logout the identity provider asks for credentials again and answers prompt=none with login_required",
  refs: ['WSTG-SESS-06', 'OIDF-oidcc-rp-initiated-logout', 'OIDC-RPInitiated-2'],
  findingCodes: ['IDP_SESSION_ALIVE', 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT'],
  requires: [],
  // Without an identity provider this would be logout-revisit under another name.
  applies: (target) => (target.idp ? undefined : 'the target declares no identity provider (idp)'),
  steps: [
    login(),
    requestSilentLogin('while logged in'),
    openProtectedPage(),
    logout(),
    revisitProtectedPage(),
    expectLoginRequired('IDP_SESSION_ALIVE'),
    requestSilentLogin('after logout'),
  ],
});
