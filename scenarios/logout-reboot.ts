import { scenario } from './scenario';
import { closeBrowser, expectLoginRequired, login, logout, openProtectedPage, rebootComputer, relaunchBrowser, revisitProtectedPage } from './steps';

export default scenario({
  id: 'logout-reboot',
  title: 'login is required after logout, closing the browser and restarting the computer',
  refs: ['WSTG-SESS-06', 'ASVS-3.3.1'],
  findingCodes: ['SESSION_SURVIVED_REBOOT'],
  requires: ['persistentProfile', 'killProcesses'],
  restartsBrowser: true,
  steps: [
    login(),
    openProtectedPage(),
    logout(),
    closeBrowser(),
    relaunchBrowser(),
    rebootComputer(),
    revisitProtectedPage(),
    expectLoginRequired('SESSION_SURVIVED_REBOOT'),
  ],
});
