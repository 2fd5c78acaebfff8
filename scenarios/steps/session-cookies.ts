import { cookieBelongsTo, setCookiePair } from '../../drivers/cookie-parts';
import type { AuditCookie, HttpExchange } from '../../drivers/driver';
import { targetOrigins, type Target } from '../../targets/target';
import type { ScenarioContext, Step } from '../scenario';
import { BrokenError } from '../verdict';
import { openProtectedPageForLogin } from './login';

// Which cookies carry the login: those the target names, or else every HttpOnly cookie of the portal and its
// identity provider scoped to the whole site (Path=/), and, in a jar read once logged in, also those on a
// narrower path: a single-page app's refresh token lives under its token endpoint (`Path=/api/auth`),
// Keycloak's session under `/realms/<realm>/`. Before login a path-scoped cookie is a login flow's state
// (oidc-provider's _interaction cookies under /interaction/<uid>, kept by an abandoned flow until they
// expire), which no login set; nor is one, once logged in, that the jar held with the same value when the
// login form appeared (a flow's state, a CSRF cookie). A cookie scripts may read is rarely a session id.
// Name the cookies in the target to be exact.

declare module '../scenario' {
  interface ScenarioMemoryKeys {
    /** The session cookies the portal handed out before anyone logged in. */
    preLoginSessionCookies: AuditCookie[];
  }
}

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

/** Opens the login form and notes the session cookies the portal handed out before anyone logged in. */
export function openLoginFormAndNoteSessionIds(): Step {
  return {
    title: 'open the login form and note the session ids handed out before login',
    async run(ctx) {
      const seen = await openProtectedPageForLogin(ctx.driver, ctx.target);
      if (seen === 'logged-in') throw new BrokenError('PRECONDITION', 'already logged in before logging in: the profile was not fresh');
      if (seen !== 'form') throw new BrokenError('LOGIN_FAILED', 'no login form appeared');
      ctx.memory.set('preLoginSessionCookies', sessionCookies(ctx.target, await ctx.driver.cookies(), 'before login'));
    },
  };
}

/** A session id known before login (e.g. planted by an attacker) must be worthless after it. WSTG-SESS-03. */
export function expectSessionIdsRotated(): Step {
  return {
    title: 'expect new session ids after login',
    async run(ctx) {
      const before = ctx.memory.get('preLoginSessionCookies') ?? [];
      const after = sessionCookies(ctx.target, await ctx.driver.cookies());
      const kept = after.filter((a) => before.some((b) => b.name === a.name && b.domain === a.domain && b.value === a.value));
      if (kept.length > 0) {
        ctx.finding('SESSION_NOT_ROTATED', {
          message: 'a session id handed out before login is still the session id after login (session fixation)',
          expected: 'new values for every session cookie at login',
          seen: `unchanged after login: ${kept.map((c) => `${c.name} (${c.domain})`).join(', ')}`,
        });
      } else if (before.length === 0) {
        ctx.pass('session ids rotated', 'no session id existed before login, so none could be fixed');
      } else {
        ctx.pass('session ids rotated', `renewed: ${before.map((c) => c.name).join(', ')}`);
      }
    },
  };
}

/** The Set-Cookie line that gave a cookie its current value, for the attributes as the server sent them. */
function settingLine(cookie: AuditCookie, exchanges: HttpExchange[]): string | undefined {
  const lines = exchanges.flatMap((e) => e.setCookies);
  return lines.reverse().find((line) => {
    const { name, value } = setCookiePair(line);
    return name === cookie.name && value === cookie.value;
  });
}

function weaknesses(cookie: AuditCookie, line: string | undefined, https: boolean): string[] {
  const attributes = (line ?? '').toLowerCase();
  const weak: string[] = [];
  if (!cookie.httpOnly) weak.push('no HttpOnly (scripts can read it)');
  if (https && !cookie.secure) weak.push('no Secure on an https site');
  if (line && !/;\s*samesite=/.test(attributes)) weak.push('no SameSite attribute');
  if (/;\s*samesite=none/.test(attributes) && !cookie.secure) weak.push('SameSite=None without Secure');
  return weak;
}

/** Session cookies of the portal and the IdP: HttpOnly, Secure on https, SameSite, and gone with the browser. */
export function expectSessionCookieAttributes(): Step {
  return {
    title: 'expect the session cookies to be HttpOnly, SameSite, Secure on https, and without an expiry',
    async run(ctx) {
      const cookies = sessionCookies(ctx.target, await ctx.driver.cookies(), 'logged in', ctx.memory.get('jarAtLoginForm'));
      if (cookies.length === 0) throw new BrokenError('PRECONDITION', 'no session cookie found while logged in');
      const exchanges = await ctx.driver.allExchanges();
      const https = new URL(ctx.target.baseUrl).protocol === 'https:';
      let clean = true;
      for (const cookie of cookies) {
        const where = `${cookie.name} (${cookie.domain})`;
        if (cookie.expires !== -1) {
          clean = false;
          ctx.finding('PERSISTENT_SESSION_COOKIE', {
            message: `session cookie ${where} is stored on disk and outlives the browser ("remember me" was not ticked)`,
            expected: 'a session cookie without Expires/Max-Age',
            seen: `expires ${new Date(cookie.expires * 1000).toISOString()}`,
          });
        }
        const weak = weaknesses(cookie, settingLine(cookie, exchanges), https);
        if (weak.length > 0) {
          clean = false;
          ctx.finding('COOKIE_FLAGS_WEAK', { message: `session cookie ${where} lacks protection`, expected: 'HttpOnly, SameSite, Secure on https', seen: weak.join('; ') });
        }
      }
      if (clean) ctx.pass('session cookie attributes', cookies.map((c) => `${c.name} (${c.domain})`).join(', '));
    },
  };
}
