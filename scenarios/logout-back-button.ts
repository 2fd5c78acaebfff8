import { scenario } from './scenario';
import { expectAuthenticatedPagesNotStored, expectNoPersonalData, login, logout, openProtectedPage, pressBackToProtectedPage, reloadPage } from './steps';

export default scenario({
  id: 'logout-back-button',
  title: 'after logout the back button and a reload do not show the personal page again',
  refs: ['WSTG-ATHN-06', 'ASVS-14.3.2'],
  findingCodes: ['AUTHENTICATED_PAGE_CACHED', 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT'],
  requires: [],
  otherBrowsers: 'when the personal page shows again after logout: a clean client holding only the cookies, to tell a page kept in the cache from a live session',
  steps: [
    login(),
    openProtectedPage(),
    expectAuthenticatedPagesNotStored(),
    logout(),
    pressBackToProtectedPage(),
    expectNoPersonalData(),
    reloadPage(),
    expectNoPersonalData(),
  ],
});
