import { scenario } from './scenario';
import { captureCookies, proveCopiedCookiesWork, login, logout, openProtectedPage, replayIdpCookies, replayPortalCookies } from './steps';

export default scenario({
  id: 'logout-replay',
  title: "the login copied before logout (its cookies, or a cookie-less login's localStorage) is worthless after it, at the portal and at the identity provider",
  refs: ['WSTG-SESS-06', 'ASVS-3.3.1'],
  findingCodes: ['SESSION_VALID_AFTER_LOGOUT', 'IDP_SESSION_VALID_AFTER_LOGOUT'],
  requires: ['allOriginCookies', 'injectCookies'],
  otherBrowsers: "a clean client for each copied login (the portal's cookies, the identity provider's, a cookie-less login's storage), while logged in (the control) and after logout",
  steps: [login(), openProtectedPage(), captureCookies(), proveCopiedCookiesWork(), logout(), replayPortalCookies(), replayIdpCookies()],
});
