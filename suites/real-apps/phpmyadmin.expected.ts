import type { AppExpectations, SourceReason } from './expected-verdicts';

// phpMyAdmin 5.2.1's expected verdicts (Debian 12's phpmyadmin 4:5.2.1+dfsg-1+deb12u1, paths under
// /usr/share/phpmyadmin/libraries), from its source, written before the first audit. Cookie authentication,
// every setting phpMyAdmin's default but the server and the blowfish_secret (phpmyadmin-app.ts). The login is
// three cookies on Path=/phpmyadmin/: PHP's session "phpMyAdmin", "pmaAuth-1" (the password, encrypted with a
// key kept in that session) and "pmaUser-1" (the user name, encrypted with the blowfish_secret); both pma
// cookies are encrypted again, with a fresh nonce, on every request.

const AUTH_COOKIE = 'classes/Plugins/Auth/AuthenticationCookie.php';
const AUTH_PLUGIN = 'classes/Plugins/AuthenticationPlugin.php';

const rewrittenEveryRequest: SourceReason = { file: 'classes/Common.php', line: '236', why: 'every authenticated request calls rememberCredentials' };
const storesBoth: SourceReason = { file: AUTH_COOKIE, line: '456-470,635-645', why: 'which stores pmaUser-1 and pmaAuth-1 again, each encrypted with a fresh random nonce: new values on every response' };
const passwordKeyInSession: SourceReason = { file: AUTH_COOKIE, line: '545-565,621-633', why: 'pmaAuth-1 is encrypted with a key kept in the PHP session ($_SESSION["encryption_key"])' };
const sessionRequired: SourceReason = { file: AUTH_COOKIE, line: '339-356', why: 'a request is authenticated only if its session holds browser_access_time, set by a login in that session' };
const logoutRemovesPassword: SourceReason = { file: AUTH_COOKIE, line: '678-700', why: 'logout removes pmaAuth-1 (LoginCookieDeleteAll, config.default.php:831)' };
const logoutDestroysSession: SourceReason = { file: AUTH_PLUGIN, line: '140-148', why: 'and destroys the session on the server (session_unset, session_destroy): its key and browser_access_time are gone' };
const logoutRoute: SourceReason = { file: 'classes/Controllers/LogoutController.php', line: '15-22', why: 'logout is a POST with the token (the navigation\'s a.logout posts it)' };
const userCookieMonth: SourceReason = { file: AUTH_COOKIE, line: '527-537', why: 'pmaUser-1 is stored with validity null, which Config::setCookie makes one month (classes/Config.php:956-958): on disk, HttpOnly, SameSite=Strict' };
const userCookieKept: SourceReason = { file: AUTH_COOKIE, line: '678-700', why: 'logout removes pmaAuth-1 only: pmaUser-1, the encrypted user name, stays for a month (a real weakness)' };
const userRecalled: SourceReason = { file: AUTH_COOKIE, line: '104-105', why: 'LoginCookieRecall (config.default.php:809, true) fills the next login form with that user name' };
const cookieFlags: SourceReason = { file: 'classes/Config.php', line: '986-996', why: 'every phpMyAdmin cookie is HttpOnly and SameSite=Strict (CookieSameSite, config.default.php:802); pmaAuth-1 has no expiry (LoginCookieStore 0, config.default.php:824)' };
const noStore: SourceReason = { file: 'classes/Core.php', line: '438-447', why: 'every page carries Cache-Control: no-store, no-cache, must-revalidate' };

const DECLARED_ABSENT = 'the target declares none, so the scenario skips itself before asking the application anything';

export const phpMyAdminExpected: AppExpectations = {
  'logout-revisit': { verdict: 'passed', codes: [], because: [logoutRoute, logoutRemovesPassword, logoutDestroysSession, sessionRequired] },
  'logout-close-relaunch': {
    verdict: 'passed',
    codes: [],
    because: [logoutDestroysSession, sessionRequired],
    leftOut: 'what the browser keeps across a restart is at most the cookies logout-power-cut revives, refused by the same server check',
  },
  'logout-reboot': { verdict: 'passed', codes: [], because: [logoutDestroysSession, sessionRequired], leftOut: 'as logout-close-relaunch' },
  'logout-power-cut': {
    verdict: 'passed',
    codes: [],
    because: [
      rewrittenEveryRequest,
      storesBoth,
      userCookieMonth,
      { file: AUTH_COOKIE, line: '339-356', why: 'the revived cookies (pmaUser-1 on disk, any value it held while logged in) meet a session that logout destroyed or a new one: no browser_access_time, the login form' },
      logoutDestroysSession,
    ],
  },
  'close-without-logout': {
    verdict: 'passed',
    codes: [],
    because: [cookieFlags, sessionRequired],
    leftOut: 'the session cookie and pmaAuth-1 end with the browser; the pmaUser-1 that stays is refused alone, as logout-power-cut shows',
  },
  'logout-remember-me': { verdict: 'skipped', codes: [], reason: /declares no "remember me" box/, because: [{ file: AUTH_COOKIE, line: '64-215', why: 'the login form has no "remember me" box' }], leftOut: DECLARED_ABSENT },
  'logout-replay': {
    verdict: 'passed',
    codes: [],
    because: [passwordKeyInSession, sessionRequired, logoutDestroysSession, { file: AUTH_COOKIE, line: '390-400', why: 'a copied pmaAuth-1, whichever value, cannot be decrypted once its session\'s key is gone' }],
  },
  'logout-token-replay': {
    verdict: 'skipped',
    codes: [],
    reason: /nothing to test here/,
    because: [sessionRequired, passwordKeyInSession],
    leftOut: "DokuWiki's run asks the same of cookies on a narrow path that open nothing alone: here no single cookie (session, pmaUser-1, pmaAuth-1) logs in without the other two",
  },
  'logout-sso-silent': { verdict: 'skipped', codes: [], reason: /declares no identity provider/, because: [sessionRequired], leftOut: DECLARED_ABSENT },
  'logout-back-button': {
    verdict: 'passed',
    codes: [],
    because: [noStore, logoutDestroysSession],
    leftOut: "DokuWiki's run asks the same of pages sent with no-store by a PHP application whose logout ends the login",
  },
  'logout-storage-residue': {
    verdict: 'failed',
    codes: ['AUTH_DATA_LEFT_IN_BROWSER'],
    reason: /pmaUser-1/,
    because: [userCookieMonth, userCookieKept, userRecalled],
  },
  'logout-other-tab': {
    verdict: 'passed',
    codes: [],
    because: [logoutDestroysSession, sessionRequired],
    leftOut: "the other tab's next page is logout-revisit's request with the same cookies; the target declares no API",
  },
  'logout-everywhere': { verdict: 'skipped', codes: [], reason: /declares no "log out everywhere"/, because: [logoutRoute], leftOut: DECLARED_ABSENT },
  'shared-computer': {
    verdict: 'skipped',
    codes: [],
    reason: /declares only one user/,
    because: [
      userRecalled,
      { file: AUTH_COOKIE, line: '104-105', why: 'with a second user declared the next person would find the previous user name in the login form\'s username field (a real weakness, which logout-storage-residue names as pmaUser-1 left behind)' },
    ],
    leftOut: 'the target declares one user, so the scenario skips itself; the weakness it would show is logout-storage-residue\'s pmaUser-1',
  },
  'session-rotation': {
    verdict: 'passed',
    codes: [],
    because: [{ file: 'classes/Session.php', line: '64-69', why: 'Session::secure regenerates the session id at login (called at Plugins/Auth/AuthenticationCookie.php:330)' }],
    leftOut: 'phpMyAdmin renews its session id at login; its session cookie is on Path=/phpmyadmin/, which the harness counts only once logged in',
  },
  'cookie-attributes': {
    verdict: 'failed',
    codes: ['PERSISTENT_SESSION_COOKIE'],
    reason: /pmaUser-1/,
    because: [userCookieMonth, cookieFlags, rewrittenEveryRequest],
  },
  'idle-timeout': {
    verdict: 'skipped',
    codes: [],
    reason: /declares no idle timeout/,
    because: [{ file: AUTH_COOKIE, line: '359-382', why: 'phpMyAdmin logs out after LoginCookieValidity (1440 s, config.default.php:817) idle: 24 minutes, too long for the self-test, so the target does not declare it' }],
    leftOut: DECLARED_ABSENT,
  },
};
