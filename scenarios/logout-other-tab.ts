import { scenario } from './scenario';
import {
  callApiFromThisTab,
  expectLiveChannelsEndedByLogout,
  expectLoginRequired,
  login,
  logout,
  openProtectedPage,
  openProtectedPageInSecondTab,
  revisitProtectedPage,
  switchToTab,
  watchLiveChannelsWhileLoggedIn,
} from './steps';

export default scenario({
  id: 'logout-other-tab',
  title: "logout in one tab ends the session in the other tab too: its live channels, its API calls and its next page",
  refs: ['WSTG-SESS-06', 'ASVS-3.3.1'],
  findingCodes: ['OTHER_TAB_STILL_AUTHENTICATED'],
  requires: ['tabs'],
  steps: [
    login(),
    openProtectedPage(),
    openProtectedPageInSecondTab(),
    callApiFromThisTab('while logged in'),
    watchLiveChannelsWhileLoggedIn(),
    switchToTab(0),
    logout(),
    switchToTab(1),
    expectLiveChannelsEndedByLogout(),
    callApiFromThisTab('after logout'),
    revisitProtectedPage(),
    expectLoginRequired('OTHER_TAB_STILL_AUTHENTICATED'),
  ],
});
