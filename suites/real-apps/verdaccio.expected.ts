import type { AppExpectations, SourceReason } from './expected-verdicts';

// verdaccio 5.33.0's expected verdicts, from its source (paths under suites/real-apps/apps/node_modules), written
// before the first audit. The web UI ships as one minified bundle: its places are named by the module inside it.

const UI = '@verdaccio/ui-theme/static/main.55cdd4aea43adabcb109.js';
const SERVER = 'verdaccio/build';

const tokenInLocalStorage: SourceReason = { file: UI, line: 'ui-components/build/store/models/login.js (logInUser)', why: 'the JWT and the user name are kept in localStorage "token" and "username": no cookie' };
const bearerOnEveryCall: SourceReason = { file: UI, line: 'ui-components/build/store/api.js (request)', why: 'every UI request carries Authorization: Bearer <token>' };
const logoutClientOnly: SourceReason = { file: UI, line: 'ui-components/build/store/models/login.js (logOutUser)', why: 'logout removes "username" and "token" from localStorage and calls no server' };
const noLogoutRoute: SourceReason = { file: `${SERVER}/api/web/api/user.js`, line: '14-64', why: 'the web API has login and reset_password only: nothing ends a token' };
const jwtNotRevocable: SourceReason = { file: `${SERVER}/lib/auth.js`, line: '409-455', why: "webUIJWTmiddleware checks the JWT's signature and expiry only: a token copied before logout keeps working" };
const hourLong: SourceReason = { file: `${SERVER}/lib/auth-utils.js`, line: '83-88', why: 'a web token expires one hour after login (security.web.sign.expiresIn)' };
const privateList: SourceReason = { file: `${SERVER}/api/web/api/package.js`, line: '46-70', why: 'the package list holds the private package only for a user the token names (allow_access)' };
const noCookie: SourceReason = { file: `${SERVER}/api/web/api/user.js`, line: '26-31', why: 'login answers the token in the body and sets no cookie' };

// The scenario's own applies() skips it from the target file alone, before the application is asked anything.
const DECLARED_ABSENT = 'the target declares none, so the scenario skips itself before asking the application anything';

export const verdaccioExpected: AppExpectations = {
  'logout-revisit': { verdict: 'passed', codes: [], because: [logoutClientOnly, privateList] },
  'logout-close-relaunch': { verdict: 'passed', codes: [], because: [logoutClientOnly], leftOut: 'logout emptied localStorage, which a clean close keeps as it is: logout-revisit and logout-storage-residue answer it' },
  'logout-reboot': { verdict: 'passed', codes: [], because: [logoutClientOnly], leftOut: 'as logout-close-relaunch' },
  'logout-power-cut': {
    verdict: 'failed',
    codes: ['SESSION_REVIVED_AFTER_CRASH'],
    because: [logoutClientOnly, jwtNotRevocable],
    leftOut: "whether the token comes back depends on whether Chromium wrote the logout's removal before the cut; the server's answer to it is logout-replay's question (the token stays valid)",
  },
  'close-without-logout': {
    verdict: 'failed',
    codes: ['SESSION_SURVIVED_CLOSE'],
    because: [tokenInLocalStorage, hourLong],
    leftOut: "the same question as Node-RED's close-without-logout (a login in localStorage outlives the browser), which the suite runs",
  },
  'logout-remember-me': { verdict: 'skipped', codes: [], reason: /declares no "remember me" box/, because: [tokenInLocalStorage], leftOut: DECLARED_ABSENT },
  'logout-replay': {
    verdict: 'failed',
    codes: ['SESSION_VALID_AFTER_LOGOUT'],
    because: [tokenInLocalStorage, logoutClientOnly, noLogoutRoute, jwtNotRevocable],
  },
  'logout-token-replay': {
    verdict: 'failed',
    codes: ['TOKEN_VALID_AFTER_LOGOUT'],
    because: [bearerOnEveryCall, privateList, noLogoutRoute, jwtNotRevocable],
  },
  'logout-sso-silent': { verdict: 'skipped', codes: [], reason: /declares no identity provider/, because: [noCookie], leftOut: DECLARED_ABSENT },
  'logout-back-button': { verdict: 'passed', codes: [], because: [bearerOnEveryCall, privateList], leftOut: "the home page is the same public HTML for everyone; the package list comes by a fetch with the token, which logout-revisit shows gone" },
  'logout-storage-residue': {
    verdict: 'passed',
    codes: [],
    because: [tokenInLocalStorage, logoutClientOnly],
  },
  'logout-other-tab': {
    verdict: 'failed',
    codes: ['OTHER_TAB_STILL_AUTHENTICATED'],
    because: [logoutClientOnly, jwtNotRevocable, { file: `${SERVER}/api/web/api/package.js`, line: '111', why: "the other tab's sidebar call with its token is answered 200 after logout: a real weakness (the UI opens no live channel)" }],
  },
  'logout-everywhere': { verdict: 'skipped', codes: [], reason: /declares no "log out everywhere"/, because: [noLogoutRoute], leftOut: DECLARED_ABSENT },
  'shared-computer': { verdict: 'passed', codes: [], because: [logoutClientOnly], leftOut: 'every logged-in user sees the same packages; what the browser keeps of the previous user is logout-storage-residue\'s question' },
  'session-rotation': { verdict: 'skipped', codes: [], reason: /nothing to test here/, because: [noCookie], leftOut: "no cookie, as Node-RED's cookie-attributes shows for a login of the same kind" },
  'cookie-attributes': { verdict: 'skipped', codes: [], reason: /nothing to test here/, because: [noCookie], leftOut: "the same as Node-RED's: a login without any cookie" },
  'idle-timeout': { verdict: 'skipped', codes: [], reason: /declares no idle timeout/, because: [hourLong], leftOut: DECLARED_ABSENT },
};
