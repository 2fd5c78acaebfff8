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

/** How a scenario is expected to catch a defect. */
export interface DefectCatch {
  /** Scenario id, e.g. `logout-revisit` (see scenarios/catalogue.ts). */
  readonly scenario: string;
  /** Finding code that scenario must report for this defect. */
  readonly code: string;
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
    ],
  },
  {
    id: 'rp-session-not-destroyed',
    title: 'logout clears the portal cookie in the browser but the server keeps the session',
    description:
      'POST /logout expires the portal.sid cookie and performs the IdP logout, but never destroys the server-side ' +
      'session: a copy of the old cookie still opens Mina sidor.',
    caughtBy: [{ scenario: 'logout-replay', code: 'SESSION_VALID_AFTER_LOGOUT' }],
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
    caughtBy: [{ scenario: 'logout-revisit', code: 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT' }],
  },
] as const satisfies readonly DefectEntry[];

export type DefectId = (typeof defectCatalogue)[number]['id'];

export const defectIds: readonly DefectId[] = defectCatalogue.map((d) => d.id);

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
