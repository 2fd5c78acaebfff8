import { scenario } from './scenario';
import { expectSessionCookieAttributes, login, openProtectedPage } from './steps';

export default scenario({
  id: 'cookie-attributes',
  title: 'session cookies of the portal and the IdP are HttpOnly, SameSite, Secure on https, and end with the browser',
  refs: ['WSTG-SESS-02', 'ASVS-3.4.1', 'ASVS-3.4.2', 'ASVS-3.4.3'],
  findingCodes: ['PERSISTENT_SESSION_COOKIE', 'COOKIE_FLAGS_WEAK'],
  requires: ['allOriginCookies'],
  steps: [login(), openProtectedPage(), expectSessionCookieAttributes()],
});
