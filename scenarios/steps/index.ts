export { closeBrowser, rebootComputer, relaunchBrowser } from './browser';
export { expectLoginRequired } from './expect-login';
export { login } from './login';
export { logout } from './logout';
export { openProtectedPage, revisitProtectedPage } from './navigation';
export { captureCookies, replayIdpCookies, replayPortalCookies } from './replay';
