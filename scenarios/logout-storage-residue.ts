import { scenario } from './scenario';
import { expectNothingOfTheUserLeft, login, logout, openProtectedPage, takeStockOfBrowserData } from './steps';

export default scenario({
  id: 'logout-storage-residue',
  title: 'after logout the browser keeps nothing of the user: cookies, storage, databases, caches, service workers',
  refs: ['ASVS-14.3.1', 'ASVS-14.3.3', 'WSTG-SESS-06'],
  findingCodes: ['AUTH_DATA_LEFT_IN_BROWSER'],
  requires: ['allOriginCookies'],
  // The baseline of what came with the login is the browser at the login form, which login() notes.
  steps: [
    login(),
    openProtectedPage(),
    takeStockOfBrowserData('while logged in'),
    logout(),
    expectNothingOfTheUserLeft(),
  ],
});
