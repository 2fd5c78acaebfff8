import { scenario } from './scenario';
import {
  closeBrowser,
  copyRememberCookies,
  expectRememberMeEndedByLogout,
  expectStillLoggedInAfterRestart,
  login,
  logout,
  openProtectedPage,
  relaunchBrowser,
  replayRememberCookies,
  revisitProtectedPage,
} from './steps';

// "Keep me signed in" ticked: the control shows the remembered login survives a restart without logout; after
// logout neither a restart nor a copy of the remember-me cookies may bring the user back.
export default scenario({
  id: 'logout-remember-me',
  title: 'logout ends a "remember me" login: after a browser restart and with its copied cookies a new login is required',
  refs: ['WSTG-SESS-06', 'ASVS-3.3.1'],
  findingCodes: ['REMEMBER_ME_SURVIVED_LOGOUT'],
  requires: ['persistentProfile'],
  otherBrowsers: 'a clean client holding only the remember-me cookie, while logged in (the control) and after logout',
  restartsBrowser: true,
  applies: (target) =>
    'remember' in target.login && target.login.remember
      ? undefined
      : 'the target declares no "remember me" box (login.remember), so there is no remembered login to end',
  steps: [
    login('user', { remember: true }),
    openProtectedPage(),
    closeBrowser(),
    relaunchBrowser(),
    revisitProtectedPage(),
    expectStillLoggedInAfterRestart(),
    copyRememberCookies(),
    logout(),
    closeBrowser(),
    relaunchBrowser(),
    revisitProtectedPage(),
    expectRememberMeEndedByLogout(),
    replayRememberCookies(),
  ],
});
