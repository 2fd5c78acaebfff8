import { scenario } from './scenario';
import { closeBrowser, expectLoginRequired, login, openProtectedPage, relaunchBrowser, revisitProtectedPage } from './steps';

export default scenario({
  id: 'close-without-logout',
  title: 'closing the browser without logging out ends the session, when the target requires it',
  refs: ['WSTG-SESS-07', 'ASVS-3.3.1'],
  findingCodes: ['SESSION_SURVIVED_CLOSE'],
  requires: ['persistentProfile'],
  restartsBrowser: true,
  // Under restore-session the browser keeps session cookies by the user's own choice; no server can tell.
  presets: ['fresh-default'],
  applies: (target) =>
    target.policy.closeWithoutLogout === 'require-login' ? undefined : 'the target allows the session to outlive the browser (policy closeWithoutLogout: allow)',
  steps: [login(), openProtectedPage(), closeBrowser(), relaunchBrowser(), revisitProtectedPage(), expectLoginRequired('SESSION_SURVIVED_CLOSE')],
});
