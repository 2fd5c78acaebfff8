import type { AppExpectations, SourceReason } from './expected-verdicts';

// DokuWiki 2022-07-31a's expected verdicts (Debian 12's dokuwiki 0.0.20220731.a-2, paths under
// /usr/share/dokuwiki), from its source, written before the first audit. PHP is Debian's php8.2-cli with its
// php.ini (/etc/php/8.2/cli/php.ini). The login is two cookies on Path=/dokuwiki/: PHP's session "DokuWiki",
// started on the first page (the login form) and never renewed, and the auth cookie "DW<md5>" the login sets,
// which holds the user's PASSWORD, encrypted.

const PHP_INI = '/etc/php/8.2/cli/php.ini';

const cookieHoldsPassword: SourceReason = { file: 'inc/auth.php', line: '226-229,1261', why: 'the login puts user|sticky|AES(password) into the DW cookie: the password itself, encrypted, is the credential' };
const nonStickyBoundToSession: SourceReason = { file: 'inc/auth.php', line: '229,317-335', why: 'unticked, the encryption key is the site salt plus session_id() (332): the DW cookie works only beside its DokuWiki session cookie' };
const cookieReauthenticates: SourceReason = { file: 'inc/auth.php', line: '244-267', why: 'a request whose session holds no auth data decrypts the DW cookie and checks the password again (silently): the cookie pair logs in by itself' };
const logoffKeepsSession: SourceReason = { file: 'inc/auth.php', line: '414-440', why: 'auth_logoff unsets the auth data in the session and expires the DW cookie in THIS browser (437); the session is neither destroyed nor renewed (no session_destroy or session_regenerate_id anywhere in DokuWiki)' };
const logoutAction: SourceReason = { file: 'inc/Action/Logout.php', line: '46-47', why: 'logout calls auth_logoff and redirects to the login form' };
const deniedShowsForm: SourceReason = { file: 'inc/Action/Denied.php', line: '32-33', why: 'an anonymous visitor of a page the ACL closes gets the login form (HTTP 200)' };
const sessionCookie: SourceReason = { file: 'inc/init.php', line: '163-168,251-259', why: 'the DokuWiki session cookie: lifetime 0, Path=DOKU_REL (/dokuwiki/), HttpOnly, no SameSite' };
const authCookieAttributes: SourceReason = { file: 'inc/auth.php', line: '1262-1264', why: 'setcookie(DW..., expires 0 unless sticky, Path=/dokuwiki/, secure only on https, HttpOnly): no SameSite attribute' };
const noSameSiteIni: SourceReason = { file: PHP_INI, line: '1428', why: 'session.cookie_samesite is empty: PHP adds no SameSite either' };
const noStore: SourceReason = { file: PHP_INI, line: '1475', why: 'session.cache_limiter = nocache: every page after session_start (inc/init.php:265) carries Cache-Control: no-store, no-cache, must-revalidate' };
const stickyCookie: SourceReason = { file: 'inc/auth.php', line: '227-229,1263', why: 'ticked, the DW cookie lasts a year and is encrypted with the site salt alone (auth_cookiesalt(false)): no session needed' };

const DECLARED_ABSENT = 'the target declares none, so the scenario skips itself before asking the application anything';

export const dokuwikiExpected: AppExpectations = {
  'logout-revisit': { verdict: 'passed', codes: [], because: [logoutAction, logoffKeepsSession, deniedShowsForm, { file: 'inc/auth.php', line: '243-244,270-272', why: 'without a DW cookie auth_login logs nobody in' }] },
  'logout-close-relaunch': {
    verdict: 'passed',
    codes: [],
    because: [logoffKeepsSession, sessionCookie],
    leftOut: 'logout already expired the DW cookie in the browser (logout-revisit) and both cookies are session cookies: a restart has nothing left to bring back',
  },
  'logout-reboot': { verdict: 'passed', codes: [], because: [logoffKeepsSession, sessionCookie], leftOut: 'as logout-close-relaunch' },
  'logout-power-cut': {
    verdict: 'failed',
    codes: ['SESSION_REVIVED_AFTER_CRASH'],
    because: [
      sessionCookie,
      authCookieAttributes,
      { file: 'inc/auth.php', line: '244-267', why: 'a browser starting after a crash keeps the session cookies it had written (drivers/profile/chromium-profile.ts:32-38): the DokuWiki and DW cookies from before logout come back, and the server, which forgot nothing at logout (414-440), lets them in as in logout-replay' },
    ],
    leftOut: "what the server does with the pre-logout pair is logout-replay's question, already a finding here; the power cut only brings the same pair back",
  },
  'close-without-logout': { verdict: 'passed', codes: [], because: [sessionCookie, authCookieAttributes], leftOut: 'both login cookies are session cookies (lifetime 0): cookie-attributes shows it' },
  'logout-remember-me': {
    verdict: 'failed',
    codes: ['REMEMBER_ME_SURVIVED_LOGOUT'],
    reason: /DW[0-9a-f]{32}/,
    because: [stickyCookie, cookieReauthenticates, logoffKeepsSession, { file: 'inc/auth.php', line: '414-440', why: 'logout expires the sticky cookie in this browser only: a copy logs in for a year, until the password changes (a real weakness)' }],
  },
  'logout-replay': {
    verdict: 'failed',
    codes: ['SESSION_VALID_AFTER_LOGOUT'],
    because: [cookieHoldsPassword, nonStickyBoundToSession, cookieReauthenticates, logoffKeepsSession, { file: 'inc/auth.php', line: '414-440', why: 'so the DokuWiki and DW cookies copied before logout still log in after it (a real weakness)' }],
  },
  'logout-token-replay': {
    verdict: 'skipped',
    codes: [],
    reason: /nothing to test here/,
    because: [
      nonStickyBoundToSession,
      { file: 'inc/auth.php', line: '265-267,236-239', why: 'the DW cookie alone (the only cookie the login set on its narrow path) decrypts to garbage in a new session: the check fails silently, nobody is logged in' },
      deniedShowsForm,
      { file: 'lib/exe/css.php', line: '13', why: 'the stylesheets and scripts (lib/exe/js.php:13 too) run with NOSESSION: no login at all, public, 200 with or without the cookie' },
    ],
  },
  'logout-sso-silent': { verdict: 'skipped', codes: [], reason: /declares no identity provider/, because: [cookieHoldsPassword], leftOut: DECLARED_ABSENT },
  'logout-back-button': { verdict: 'passed', codes: [], because: [noStore, logoutAction, deniedShowsForm] },
  'logout-storage-residue': {
    verdict: 'passed',
    codes: [],
    because: [
      logoffKeepsSession,
      { file: 'inc/init.php', line: '163-177', why: 'the DokuWiki session cookie comes with the first page, the login form, before any login, and keeps its value (the residue baseline is the login form)' },
      { file: 'lib/scripts/behaviour.js', line: '218-231', why: 'the only Web Storage DokuWiki writes is the admin security check, shown to superusers only' },
    ],
  },
  'logout-other-tab': {
    verdict: 'passed',
    codes: [],
    because: [logoffKeepsSession, deniedShowsForm],
    leftOut: "DokuWiki's pages call no API the target could name; the other tab's next page is logout-revisit's request with the same cookies",
  },
  'logout-everywhere': { verdict: 'skipped', codes: [], reason: /declares no "log out everywhere"/, because: [logoutAction], leftOut: DECLARED_ABSENT },
  'shared-computer': {
    verdict: 'skipped',
    codes: [],
    reason: /declares only one user/,
    because: [{ file: 'inc/Ui/Login.php', line: '51-52', why: 'the login form is never pre-filled with a previous user (only with the u= of the same request)' }],
    leftOut: 'the target declares one user (a second reader would need a page of their own), so the scenario skips itself',
  },
  'session-rotation': {
    verdict: 'passed',
    codes: [],
    because: [
      sessionCookie,
      nonStickyBoundToSession,
      { file: 'inc/auth.php', line: '226-229', why: 'the session id is not renewed at login, but it is no credential alone: the login sets a new DW cookie, whose password a planted session id does not give' },
    ],
    leftOut: 'no session cookie on Path=/ before login; the login credential is the new DW cookie, which cookie-attributes and logout-replay examine',
  },
  'cookie-attributes': {
    verdict: 'failed',
    codes: ['COOKIE_FLAGS_WEAK'],
    reason: /no SameSite/,
    because: [authCookieAttributes, sessionCookie, noSameSiteIni],
  },
  'idle-timeout': {
    verdict: 'skipped',
    codes: [],
    reason: /declares no idle timeout/,
    because: [{ file: 'inc/auth.php', line: '252,264-267', why: 'auth_security_timeout only re-checks the password from the cookie, it logs nobody out: there is no idle timeout to declare' }],
    leftOut: DECLARED_ABSENT,
  },
};
