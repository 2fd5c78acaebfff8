import type { AppExpectations, SourceReason } from './expected-verdicts';

// Node-RED 4.1.15's expected verdicts, from its source (paths under suites/real-apps/apps/node_modules), written
// before the first audit. The editor client ships built: red.js lines are those of public/red/red.js.

const API = '@node-red/editor-api/lib';
const CLIENT = '@node-red/editor-client/public/red/red.js';

const tokenInLocalStorage: SourceReason = { file: CLIENT, line: '1523-1528', why: 'RED.settings.set("auth-tokens") writes the token JSON into localStorage: no cookie carries the login' };
const bearerOnEveryCall: SourceReason = { file: CLIENT, line: '1602-1616', why: "jQuery's ajaxSetup adds Authorization: Bearer <access_token> to every relative ajax call" };
const logoutRevokes: SourceReason = { file: CLIENT, line: '1966-1979', why: 'logout POSTs auth/revoke with the token, then removes "auth-tokens" and reloads' };
const revokeDeletes: SourceReason = { file: `${API}/auth/tokens.js`, line: '135-140', why: 'revoke deletes the token from the server sessions (and saves them): the token is refused from then on' };
const revokeRoute: SourceReason = { file: `${API}/auth/index.js`, line: '141-152', why: 'POST /auth/revoke calls Tokens.revoke (route: lib/index.js:84)' };
const bearerChecked: SourceReason = { file: `${API}/auth/strategies.js`, line: '30-47', why: 'a bearer token is looked up in the sessions on every request; unknown: no user' };
const refusedWithout: SourceReason = { file: `${API}/auth/index.js`, line: '61-78', why: 'needsPermission: without a valid token (and no default user in adminAuth) the API answers 401' };
const noCookie: SourceReason = { file: `${API}/auth/index.js`, line: '170-198', why: 'the only session cookie Node-RED sets is express-session for adminAuth.type "strategy"; "credentials" sets none' };
const weekLong: SourceReason = { file: `${API}/auth/tokens.js`, line: '75,112', why: 'a token lives sessionExpiryTime (default one week) from login, whatever the browser does' };

// The scenario's own applies() skips it from the target file alone, before the application is asked anything.
const DECLARED_ABSENT = 'the target declares none, so the scenario skips itself before asking the application anything';

export const nodeRedExpected: AppExpectations = {
  'logout-revisit': { verdict: 'passed', codes: [], because: [logoutRevokes, revokeDeletes, { file: CLIENT, line: '1633-1638', why: 'the reloaded editor gets 401 for settings and opens the login dialog' }] },
  'logout-close-relaunch': {
    verdict: 'passed',
    codes: [],
    because: [logoutRevokes, revokeDeletes],
    leftOut: 'the login is a localStorage token that logout removed and revoked: logout-revisit and logout-storage-residue answer it; a restart adds nothing for a token without a cookie',
  },
  'logout-reboot': { verdict: 'passed', codes: [], because: [logoutRevokes, revokeDeletes], leftOut: 'as logout-close-relaunch: the same revoked token' },
  'logout-power-cut': {
    verdict: 'passed',
    codes: [],
    because: [revokeDeletes, bearerChecked, { file: CLIENT, line: '1645-1650', why: 'a revived "auth-tokens" gets 401 for settings: the editor drops it and asks for a login' }],
    // Seen on a fresh clone under load: broken, "did not write its localStorage within 45 s". Chromium commits an
    // origin's k-th localStorage change no sooner than k minutes after its storage opened, and the editor writes
    // on every load: whether the token is on disk within the bound depends on the machine. The harness now
    // skips such a run (nothing to bring back), which the expectation cannot pin to one verdict.
    leftOut: "whether Chromium has written the editor's token to disk within the power cut's bound depends on the machine (passed, or skipped as nothing to test); logout-replay asks the server the same question of the same token",
  },
  'close-without-logout': {
    verdict: 'failed',
    codes: ['SESSION_SURVIVED_CLOSE'],
    because: [tokenInLocalStorage, weekLong, { file: CLIENT, line: '1609-1611', why: 'after a restart the editor sends the stored token again and is logged in: a real weakness under policy require-login' }],
  },
  'logout-remember-me': { verdict: 'skipped', codes: [], reason: /declares no "remember me" box/, because: [{ file: CLIENT, line: '1804-1827', why: 'the login dialog has username and password only' }], leftOut: DECLARED_ABSENT },
  'logout-replay': {
    verdict: 'passed',
    codes: [],
    because: [tokenInLocalStorage, revokeRoute, revokeDeletes, bearerChecked],
  },
  'logout-token-replay': {
    verdict: 'passed',
    codes: [],
    because: [bearerOnEveryCall, refusedWithout, revokeDeletes, { file: `${API}/editor/index.js`, line: '83-95', why: 'theme, editor resources and locales are served without needsPermission: public, the control leaves them out' }],
  },
  'logout-sso-silent': { verdict: 'skipped', codes: [], reason: /declares no identity provider/, because: [noCookie], leftOut: DECLARED_ABSENT },
  'logout-back-button': {
    verdict: 'passed',
    codes: [],
    because: [bearerOnEveryCall, refusedWithout],
    leftOut: "the editor's page is the same public HTML for everyone; the user's flows come by ajax with the token, which logout-revisit shows refused",
  },
  'logout-storage-residue': {
    verdict: 'passed',
    codes: [],
    because: [tokenInLocalStorage, logoutRevokes, { file: CLIENT, line: '32684-32686', why: 'the palette removes its "palette-state" on the logout event' }, { file: CLIENT, line: '31978', why: '"last-sidebar-tab" (which sidebar tab was open) stays: it holds nothing of the user, and the check lists it apart' }],
  },
  'logout-other-tab': {
    verdict: 'failed',
    codes: ['OTHER_TAB_STILL_AUTHENTICATED'],
    because: [
      revokeDeletes,
      { file: `${API}/editor/comms.js`, line: '50-57', why: 'comms closes a websocket only when its token EXPIRES (onSessionExpiry); revoke calls no listener, so the other tab\'s /comms socket stays open' },
      { file: `${API}/editor/comms.js`, line: '253-258', why: 'and keeps getting heartbeats (and every runtime event) after logout: a real weakness' },
      { file: `${API}/auth/strategies.js`, line: '30-47', why: "the other tab's API call with the revoked token is refused (401), its next page asks for a login" },
    ],
  },
  'logout-everywhere': { verdict: 'skipped', codes: [], reason: /declares no "log out everywhere"/, because: [{ file: CLIENT, line: '2009-2019', why: 'the user menu holds the user name and Logout only' }], leftOut: DECLARED_ABSENT },
  'shared-computer': {
    verdict: 'passed',
    codes: [],
    because: [logoutRevokes, { file: CLIENT, line: '1770-1827', why: 'the login dialog shows no previous user' }],
    leftOut: 'Node-RED is single-tenant (every user edits the same flows); what the browser keeps of the previous user is logout-storage-residue\'s question',
  },
  'session-rotation': { verdict: 'skipped', codes: [], reason: /nothing to test here/, because: [noCookie, { file: `${API}/auth/tokens.js`, line: '110', why: 'each login gets a new random token; there is no session id before login to keep' }], leftOut: 'no cookie, as cookie-attributes shows' },
  'cookie-attributes': {
    verdict: 'skipped',
    codes: [],
    reason: /nothing to test here/,
    because: [noCookie, tokenInLocalStorage],
  },
  'idle-timeout': { verdict: 'skipped', codes: [], reason: /declares no idle timeout/, because: [weekLong], leftOut: DECLARED_ABSENT },
};
