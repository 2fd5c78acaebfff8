import { cookieBelongsTo, setCookiePair } from '../../evidence/cookie-parts';
import type { AuditCookie } from '../../drivers/driver';
import { targetOrigins, type Target } from '../../targets/target';
import type { ScenarioContext } from '../scenario';
import { BrokenError } from '../verdict';
import { readBrowserData, type BrowserData } from './browser-holdings';

// The login's traces, whatever they are: a login may live in cookies, in Web Storage, or both (ARCHITECTURE.md
// §3). Its traces are the session cookies and the Web Storage entries of the login's origins that appeared with
// the login: absent as the login form appeared, or there with another value. A check that needs a kind of
// trace this login does not have is not applicable, with cookielessLogin's reason; it never blames the target.

// Which cookies carry the login: those the target names, or else every HttpOnly cookie of the portal and its
// identity provider scoped to the whole site (Path=/), and, in a jar read once logged in, also those on a
// narrower path: a single-page app's refresh token lives under its token endpoint (`Path=/api/auth`),
// Keycloak's session under `/realms/<realm>/`. Before login a path-scoped cookie is a login flow's state
// (oidc-provider's _interaction cookies under /interaction/<uid>, kept by an abandoned flow until they
// expire), which no login set; nor is one, once logged in, that the jar held with the same value when the
// login form appeared (a flow's state, a CSRF cookie). A cookie scripts may read is rarely a session id.
// Name the cookies in the target to be exact.

export function ofLoginHosts(target: Target, cookie: AuditCookie): boolean {
  const { portal, idp } = targetOrigins(target);
  return [portal.hostname, idp?.hostname].some((h) => h !== undefined && cookieBelongsTo(cookie, h));
}

/**
 * The session cookies in `jar`. `atLoginForm`: the jar as the login form appeared (login.ts's logInAs), so a
 * narrow-path cookie the login did not set is left out once logged in.
 */
export function sessionCookies(target: Target, jar: AuditCookie[], when: 'logged in' | 'before login' = 'logged in', atLoginForm: readonly AuditCookie[] = []): AuditCookie[] {
  const named = target.sessionCookies?.map((n) => new RegExp(`^(?:${n})$`));
  const setByLogin = (c: AuditCookie) => !atLoginForm.some((b) => b.name === c.name && b.domain === c.domain && b.path === c.path && b.value === c.value);
  const byDefault = (c: AuditCookie) => c.httpOnly && (c.path === '/' || (when === 'logged in' && setByLogin(c)));
  return jar.filter((c) => ofLoginHosts(target, c) && (named ? named.some((re) => re.test(c.name)) : byDefault(c)));
}

export interface StorageEntry {
  origin: string;
  area: 'localStorage' | 'sessionStorage';
  key: string;
  value: string;
}

export interface LoginTraces {
  /** Session cookies (the target's names, or the default rule) held now that the login form did not hold so. */
  cookies: AuditCookie[];
  /** Web Storage entries of the login's origins that came with the login. */
  storage: StorageEntry[];
}

const areas = ['localStorage', 'sessionStorage'] as const;

/** Web Storage entries held while logged in that the login form did not hold with the same value. */
export function storageFromLogin(atForm: BrowserData, loggedIn: BrowserData): StorageEntry[] {
  return loggedIn.origins.flatMap((o) => {
    const base = atForm.origins.find((b) => b.origin === o.origin);
    return areas.flatMap((area) =>
      Object.entries(o[area])
        .filter(([key, value]) => base?.[area][key] !== value)
        .map(([key, value]) => ({ origin: o.origin, area, key, value })),
    );
  });
}

/** The login's traces in `loggedIn`, against the browser as the login form appeared. */
export function tracesOf(ctx: Pick<ScenarioContext, 'target'>, atForm: BrowserData, loggedIn: BrowserData): LoginTraces {
  const cookies = sessionCookies(ctx.target, loggedIn.cookies, 'logged in', atForm.cookies).filter(
    (c) => !atForm.cookies.some((b) => b.name === c.name && b.domain === c.domain && b.path === c.path && b.value === c.value),
  );
  return { cookies, storage: storageFromLogin(atForm, loggedIn) };
}

/**
 * The login's traces now (the user logged in): its storage values are secrets from here on, like cookie values,
 * so no report shows them. Needs the baseline login() notes at the form.
 */
export async function readLoginTraces(ctx: ScenarioContext): Promise<LoginTraces> {
  const atForm = ctx.memory.get('browserData:at login form');
  if (!atForm) throw new BrokenError('PRECONDITION', 'no baseline of the browser at the login form: log in with the login step first');
  const traces = tracesOf(ctx, atForm, await readBrowserData(ctx));
  for (const entry of traces.storage) ctx.redactor.register(entry.value, 'hash');
  return traces;
}

export function describeEntries(entries: readonly StorageEntry[]): string {
  return entries.map((e) => `${e.area} "${e.key}" on ${e.origin}`).join(', ') || 'no storage entry';
}

/**
 * Why a check that needs a session cookie does not apply: the login keeps none, only Web Storage entries.
 * undefined when the login has a session cookie, or no trace at all, or the target names session cookies
 * the login did not set (then the target is misdescribed, and the check's own premise fails and says so).
 */
export function cookielessLogin(target: Target, traces: LoginTraces): string | undefined {
  if (target.sessionCookies || traces.cookies.length > 0 || traces.storage.length === 0) return undefined;
  const byArea = (area: StorageEntry['area']) => [...new Set(traces.storage.filter((e) => e.area === area).map((e) => `"${e.key}"`))];
  const where = areas
    .map((area) => ({ area, keys: byArea(area) }))
    .filter(({ keys }) => keys.length > 0)
    .map(({ area, keys }) => `${area} key${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`);
  return `the login lives in ${where.join(' and ')}, not in a cookie`;
}

/** The localStorage entries of a cookie-less login (what a copy or a crash can bring back; sessionStorage ends with its tab). */
export const replayableEntries = (traces: LoginTraces) => traces.storage.filter((e) => e.area === 'localStorage');

/** A value a cookie held while logged in, by the cookie's name. */
export interface HeldCookieValue {
  name: string;
  value: string;
}

/**
 * Every value a cookie took while logged in: the jar's now, and each one a response since the login form
 * set (a session cookie rewritten on every response, a sliding expiry, has many, and the browser may have
 * written any of them to disk). Any of them coming back after logout is a pre-logout credential.
 */
export async function cookieValuesHeldSinceLoginForm(ctx: ScenarioContext, jar: AuditCookie[]): Promise<HeldCookieValue[]> {
  const exchanges = (await ctx.driver.allExchanges()).slice(ctx.memory.get('exchangesAtLoginForm') ?? 0);
  const set = exchanges.flatMap((e) => e.setCookies.map(setCookiePair)).filter((p) => p.value !== '');
  const held = [...jar.map(({ name, value }) => ({ name, value })), ...set.map(({ name, value }) => ({ name, value }))];
  return held.filter((h, i) => held.findIndex((o) => o.name === h.name && o.value === h.value) === i);
}
