/**
 * The reference portal's catalogue of deliberate logout defects, as data.
 *
 * Each entry is (1) this record, (2) one or more branches in portal/ tagged `// defect: <id>` (so
 * `grep -rn "defect:" portal/` lists every one) and (3) the scenarios that must catch it, with the finding
 * code they report. The portal is clean when no defect is switched on.
 *
 * Adding a defect: append an entry here, tag its branch, and the reference-portal spec checks that the tag
 * exists. Keep ids kebab-case and stable: reports, CI matrices and CLI flags refer to them.
 */

// Types only, erased when the portal runs (verbatimModuleSyntax): the portal still loads nothing of the harness,
// and tsc checks every scenario id and finding code named below against the catalogue and the verdict rules.
// No cycle: nothing the scenarios import reaches portal/ (suites/unit/engine/defect-catalogue-types.spec.ts).
import type { ScenarioId } from '../scenarios/catalogue';
import type { FindingCode } from '../scenarios/verdict';

/** How a scenario is expected to catch a defect. */
export interface DefectCatch {
  /** Scenario id, e.g. `logout-revisit` (see scenarios/catalogue.ts). */
  readonly scenario: ScenarioId;
  /** Finding code that scenario must report for this defect (scenarios/verdict.ts). */
  readonly code: FindingCode;
  /** The User-Agent persona the scenario must run under; absent means the browser's own. */
  readonly persona?: 'ie11';
  /**
   * Other defects that must be switched on together with this one for the scenario to see it (ids of
   * this catalogue; the reference-portal spec checks they exist).
   */
  readonly combinedWith?: readonly string[];
  readonly note?: string;
}

export interface DefectEntry {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly caughtBy: readonly DefectCatch[];
  /** The identity-provider mode the defect lives in (`--portal-idp`); absent: OpenID Connect, the default. */
  readonly idp?: 'saml';
}

export const defectCatalogue = [
  {
    id: 'rp-logout-local-only',
    title: "logout ends the portal's session only, never the identity provider's",
    description:
      "POST /logout destroys the portal session and clears its cookie, then redirects straight to /utloggad instead of " +
      "the IdP's end_session endpoint. The single sign-on session at the IdP lives on, so the next visit to a " +
      'protected page is logged in again silently.',
    caughtBy: [
      { scenario: 'logout-revisit', code: 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT', note: 'the revisit triggers silent SSO at the IdP' },
      { scenario: 'logout-replay', code: 'IDP_SESSION_VALID_AFTER_LOGOUT' },
      { scenario: 'logout-sso-silent', code: 'IDP_SESSION_ALIVE' },
    ],
  },
  {
    id: 'rp-session-not-destroyed',
    title: 'logout clears the portal cookie in the browser but the server keeps the session',
    description:
      'POST /logout expires the portal.sid cookie and performs the IdP logout, but never destroys the server-side ' +
      'session: a copy of the old cookie still opens Mina sidor.',
    caughtBy: [
      { scenario: 'logout-replay', code: 'SESSION_VALID_AFTER_LOGOUT' },
      { scenario: 'logout-power-cut', code: 'SESSION_REVIVED_AFTER_CRASH', note: 'the revived cookie still names a live server session' },
    ],
  },
  {
    id: 'idp-logout-keeps-session',
    title: "the IdP's end_session answers success but keeps its single sign-on session",
    description:
      "The IdP's logout page redirects straight to the post_logout_redirect_uri without ending anything: no confirm " +
      'step, same session id, same grant. The portal shows its logged-out page, yet an authorization request with ' +
      'prompt=none succeeds silently afterwards.',
    caughtBy: [
      { scenario: 'logout-revisit', code: 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT' },
      { scenario: 'logout-replay', code: 'IDP_SESSION_VALID_AFTER_LOGOUT' },
      { scenario: 'logout-sso-silent', code: 'IDP_SESSION_ALIVE' },
    ],
  },
  {
    id: 'idp-persistent-sso-cookie',
    title: "the IdP's session cookie is persistent even without \"remember me\"",
    description:
      'The IdP ignores the unticked "Kom ihåg mig" box and always issues its session cookie with an Expires ' +
      'attribute, so the single sign-on session survives closing the browser.',
    caughtBy: [
      {
        scenario: 'logout-close-relaunch',
        code: 'SESSION_SURVIVED_RESTART',
        combinedWith: ['rp-logout-local-only'],
        note: 'a correct logout ends the IdP session anyway; the persistent cookie only matters when logout leaves it alive',
      },
      { scenario: 'cookie-attributes', code: 'PERSISTENT_SESSION_COOKIE', note: "the IdP's _session cookie carries Expires" },
    ],
  },
  {
    id: 'ua-trident-logout-skipped',
    title: 'for Internet Explorer User-Agents, logout skips the IdP end_session (the 1177 Vårdguiden reproduction)',
    description:
      'When the User-Agent contains "Trident/" or "MSIE ", POST /logout behaves like rp-logout-local-only: the ' +
      'portal session ends but the IdP session lives on. Every other browser gets the clean logout.',
    caughtBy: [{ scenario: 'logout-revisit', code: 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT', persona: 'ie11' }],
  },
  {
    id: 'logout-link-cosmetic',
    title: 'the logout button only shows the "you are logged out" page',
    description: 'POST /logout redirects to /utloggad and ends nothing: not the portal session, not the IdP session.',
    caughtBy: [
      { scenario: 'logout-revisit', code: 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT' },
      { scenario: 'logout-back-button', code: 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT', note: 'served live by the surviving session: a session finding, not a cache one' },
      { scenario: 'logout-sso-silent', code: 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT', note: "the portal's own session, not the IdP's" },
    ],
  },
  {
    id: 'rp-persistent-session-cookie',
    title: "the portal's session cookie is persistent (30 days)",
    description:
      'portal.sid is issued with an expiry 30 days ahead (express-session writes its maxAge as an Expires attribute) ' +
      'instead of as a session cookie, so closing the browser without logging out keeps the user logged in.',
    caughtBy: [
      { scenario: 'cookie-attributes', code: 'PERSISTENT_SESSION_COOKIE' },
      { scenario: 'close-without-logout', code: 'SESSION_SURVIVED_CLOSE', note: 'close and relaunch must take less than the idle timeout' },
    ],
  },
  {
    id: 'cacheable-authenticated-pages',
    title: 'authenticated pages may be cached by the browser',
    description:
      'Mina sidor is sent with "Cache-Control: private, max-age=600" instead of no-store, so after logout the ' +
      "browser's back button (and its HTTP cache) shows the personal page again without asking the server.",
    caughtBy: [{ scenario: 'logout-back-button', code: 'AUTHENTICATED_PAGE_CACHED' }],
  },
  {
    id: 'token-in-local-storage',
    title: 'the API token is kept in localStorage, survives logout, and signs the user in again',
    description:
      "Mina sidor's script stores the page's API token in localStorage['vp.accessToken'] and logout never clears it. " +
      'GET /login without a session then serves a small page whose script sends that token to POST /api/resume, which ' +
      'opens a new session for any token the portal ever issued (revoked or not) and returns to the protected page; ' +
      'without a stored token the script continues to the IdP as usual.',
    caughtBy: [
      { scenario: 'logout-storage-residue', code: 'AUTH_DATA_LEFT_IN_BROWSER' },
      { scenario: 'logout-revisit', code: 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT', note: 'the revisit goes through /login, which resumes from the stored token' },
      { scenario: 'logout-power-cut', code: 'SESSION_REVIVED_AFTER_CRASH', note: 'the revived cookie is refused; the finding names the stored token' },
    ],
  },
  {
    id: 'service-worker-page-cache',
    title: 'a service worker caches Mina sidor and serves it after logout',
    description:
      "Mina sidor registers /sw.js (scope /). On install the worker stores /mina-sidor, fetched with the user's " +
      'cookies, in Cache Storage, takes control at once, and answers every navigation to /mina-sidor from that cache ' +
      'first: after logout the personal page still opens, and the cache and the worker remain in the browser.',
    caughtBy: [
      { scenario: 'logout-back-button', code: 'AUTHENTICATED_PAGE_CACHED' },
      { scenario: 'logout-storage-residue', code: 'AUTH_DATA_LEFT_IN_BROWSER' },
    ],
  },
  {
    id: 'other-tab-keeps-working',
    title: "the API accepts the page's token after logout (another tab keeps working)",
    description:
      'GET /api/journal trusts any bearer token the portal issued without checking that it belongs to a live session, ' +
      'and logout never revokes tokens: a tab still open on Mina sidor keeps reading the journal after the user ' +
      'logged out in another tab.',
    caughtBy: [{ scenario: 'logout-other-tab', code: 'OTHER_TAB_STILL_AUTHENTICATED' }],
  },
  {
    id: 'logout-everywhere-local-only',
    title: '"Logga ut överallt" ends only the current session',
    description:
      'POST /logout/everywhere behaves like the normal logout: this browser is logged out, but the sessions of the ' +
      'same person on other devices (at the portal and at the IdP) live on.',
    caughtBy: [{ scenario: 'logout-everywhere', code: 'OTHER_DEVICE_STILL_AUTHENTICATED' }],
  },
  {
    id: 'session-fixation',
    title: 'the session id is not rotated at login',
    description:
      'The session created at /login to hold the state and nonce of the authorization request becomes the logged-in ' +
      'session under the same portal.sid value: an id planted before login is valid after it.',
    caughtBy: [{ scenario: 'session-rotation', code: 'SESSION_NOT_ROTATED' }],
  },
  {
    id: 'no-idle-timeout',
    title: 'idle sessions never expire',
    description: 'The idle check is skipped: a session left alone longer than the idle timeout still opens Mina sidor.',
    caughtBy: [{ scenario: 'idle-timeout', code: 'IDLE_TIMEOUT_NOT_ENFORCED' }],
  },
  {
    id: 'previous-user-greeting',
    title: 'the public pages greet the previous user by name and show their latest journal entries',
    description:
      'Login sets a persistent cookie vp.lastUser (the username, one year) that logout leaves behind; the start page ' +
      "(/) and the logged-out page (/utloggad) then say 'Välkommen tillbaka, <full name>' and list that person's two " +
      'latest journal entries to whoever uses the browser next.',
    caughtBy: [{ scenario: 'shared-computer', code: 'PREVIOUS_USER_VISIBLE' }],
  },
  {
    id: 'remember-me-not-revoked',
    title: 'logout leaves a "Kom ihåg mig" login valid at the identity provider',
    description:
      'With "Kom ihåg mig" ticked the IdP keeps a remembered single sign-on session for 30 days behind a persistent ' +
      'cookie. Its end_session treats a remembered session as a trusted device: it redirects back as if logged out ' +
      'but keeps the session, so after logout and a browser restart (or with a copy of the cookie) the user is ' +
      'signed in again without credentials. Sessions without "Kom ihåg mig" are ended as usual, so no scenario ' +
      'that leaves the box unticked sees it.',
    caughtBy: [{ scenario: 'logout-remember-me', code: 'REMEMBER_ME_SURVIVED_LOGOUT' }],
  },
  {
    id: 'access-token-valid-after-logout',
    title: "logout leaves the single-page part's access tokens valid until they expire",
    description:
      'Mina sidor\'s single-page part keeps an access token (15 minutes) in localStorage and sends it as ' +
      '`Authorization: Bearer` to GET /api/recept. Logout revokes the refresh token and clears the page\'s storage, ' +
      'but leaves the access tokens to expire on their own: one copied before logout still reads the prescriptions.',
    caughtBy: [{ scenario: 'logout-token-replay', code: 'TOKEN_VALID_AFTER_LOGOUT', note: 'the recorded Bearer request replayed from outside the browser' }],
  },
  {
    id: 'refresh-token-not-revoked',
    title: 'logout clears the refresh cookie in the browser but the server keeps the refresh token',
    description:
      'The refresh token lives in the HttpOnly cookie vp.refresh (Path=/api/auth). Logout clears the cookie and ' +
      'revokes the access tokens, but never revokes the refresh token: a copy of the cookie still buys new access ' +
      'tokens at GET /api/auth/session.',
    caughtBy: [{ scenario: 'logout-token-replay', code: 'TOKEN_VALID_AFTER_LOGOUT', note: "the recorded request that carried the narrow-path cookie, replayed with it alone" }],
  },
  {
    id: 'saml-idp-session-kept',
    idp: 'saml',
    title: 'SAML mode: logout never sends a LogoutRequest, so the SAML single sign-on session lives on',
    description:
      "POST /logout ends the portal's own session but never sends the browser to the IdP's single logout service. " +
      "The IdP's SSO session lives on: the next visit to a protected page is signed in silently (the 1177 symptom), and " +
      'a passive AuthnRequest is answered with an assertion.',
    caughtBy: [{ scenario: 'logout-sso-silent', code: 'IDP_SESSION_ALIVE', note: 'the revisit is signed in silently and the passive AuthnRequest gets an assertion' }],
  },
  {
    id: 'saml-slo-ignored',
    idp: 'saml',
    title: 'SAML mode: the IdP answers the LogoutRequest with Success but keeps its session',
    description:
      'The portal sends a proper LogoutRequest; the IdP answers it with a signed LogoutResponse saying Success, but ' +
      'neither ends the SSO session nor clears its cookie.',
    caughtBy: [{ scenario: 'logout-sso-silent', code: 'IDP_SESSION_ALIVE' }],
  },
  {
    id: 'saml-sp-session-kept',
    idp: 'saml',
    title: "SAML mode: single logout completes at the IdP but the portal keeps its own session",
    description:
      "POST /logout sends the LogoutRequest and the IdP ends its session, but the portal neither destroys its own " +
      'session nor clears its cookie: Mina sidor still opens after logout.',
    caughtBy: [{ scenario: 'logout-revisit', code: 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT' }],
  },
] as const satisfies readonly DefectEntry[];

export type DefectId = (typeof defectCatalogue)[number]['id'];

export const defectIds: readonly DefectId[] = defectCatalogue.map((d) => d.id);

/** The identity-provider mode a set of defects needs: SAML when any of them lives in SAML mode. */
export function idpModeOf(defects: readonly DefectId[]): 'oidc' | 'saml' {
  return defects.some((id) => (defectById(id) as DefectEntry).idp === 'saml') ? 'saml' : 'oidc';
}

export function isDefectId(value: string): value is DefectId {
  return (defectIds as readonly string[]).includes(value);
}

export function defectById(id: DefectId): DefectEntry {
  const entry = defectCatalogue.find((d) => d.id === id);
  // Unreachable for a DefectId; kept so a bad cast fails loudly instead of returning undefined.
  if (!entry) throw new Error(`unknown defect id "${id}"`);
  return entry;
}

/**
 * Parses defect ids from a comma list ("a,b"), an array of ids, or an array of comma lists (repeated CLI
 * flags). Blank items are ignored and duplicates dropped, so `""` means the clean portal.
 */
export function parseDefects(list: string | string[]): DefectId[] {
  const items = (Array.isArray(list) ? list : [list])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const parsed: DefectId[] = [];
  for (const item of items) {
    if (!isDefectId(item)) {
      throw new Error(`unknown defect id "${item}"; valid ids: ${defectIds.join(', ')}`);
    }
    if (!parsed.includes(item)) parsed.push(item);
  }
  return parsed;
}
