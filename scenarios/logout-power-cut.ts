import { scenario } from './scenario';
import { cutPowerAndRestart, expectLoginRequiredAfterCrash, findRevivedCookies, login, logout, openProtectedPage, revisitProtectedPage, waitForCookieStoreOnDisk } from './steps';

// Measured here: a browser killed soon after logout brings the pre-logout cookie jar back (Chromium writes its
// cookie store every ~30 s, Firefox its session-restore file every ~15 s). Only a server that forgot the
// session keeps the user logged out.
export default scenario({
  id: 'logout-power-cut',
  title: 'login is required when a power cut right after logout brings the old cookies back',
  refs: ['WSTG-SESS-06', 'ASVS-3.3.1'],
  findingCodes: ['SESSION_REVIVED_AFTER_CRASH'],
  requires: ['persistentProfile', 'killProcesses', 'cookieStoreObservable'],
  otherBrowsers: 'when the revived login lets the user in: a clean client holding only the revived cookies, to tell whether they or something else (stored tokens) let the user in',
  restartsBrowser: true,
  steps: [
    login(),
    openProtectedPage(),
    waitForCookieStoreOnDisk(),
    logout(),
    cutPowerAndRestart(),
    findRevivedCookies(),
    revisitProtectedPage(),
    expectLoginRequiredAfterCrash(),
  ],
});
