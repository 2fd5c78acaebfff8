import { scenario } from './scenario';
import { closeBrowser, expectLoginRequired, login, logout, openProtectedPage, relaunchBrowser, revisitProtectedPage } from './steps';

// The 1177 Vårdguiden case: after logout and a browser restart the next person was let straight in.
export default scenario({
  id: 'logout-close-relaunch',
  title: 'login is required after logout, closing the browser and opening it again',
  refs: ['WSTG-SESS-06', 'ASVS-3.3.1'],
  findingCodes: ['SESSION_SURVIVED_RESTART'],
  requires: ['persistentProfile'],
  restartsBrowser: true,
  steps: [
    login(),
    openProtectedPage(),
    logout(),
    closeBrowser(),
    relaunchBrowser(),
    revisitProtectedPage(),
    expectLoginRequired('SESSION_SURVIVED_RESTART'),
  ],
});
