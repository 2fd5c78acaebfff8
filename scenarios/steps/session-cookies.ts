import { setCookiePair } from '../../evidence/cookie-parts';
import type { AuditCookie, HttpExchange } from '../../drivers/driver';
import type { Step } from '../scenario';
import { BrokenError } from '../verdict';
import { openProtectedPageForLogin } from './login';
import { cookielessLogin, readLoginTraces, sessionCookies } from './login-traces';

// Which cookies carry the login is login-traces.ts's rule (sessionCookies).

declare module '../scenario' {
  interface ScenarioMemoryKeys {
    /** The session cookies the portal handed out before anyone logged in. */
    preLoginSessionCookies: AuditCookie[];
  }
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
      if (cookies.length === 0) {
        const cookieless = cookielessLogin(ctx.target, await readLoginTraces(ctx));
        if (cookieless) return ctx.notApplicable('session cookie attributes', cookieless);
        throw new BrokenError('PRECONDITION', 'no session cookie found while logged in');
      }
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
