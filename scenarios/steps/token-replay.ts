import { cookieBelongsTo } from '../../drivers/cookie-parts';
import { setCookiePair } from '../../drivers/cookie-parts';
import type { AuditCookie, HttpExchange } from '../../drivers/driver';
import { delay } from '../../drivers/wait';
import type { Redactor } from '../../evidence/redact';
import { targetOrigins, type Target } from '../../targets/target';
import { controlFailed, controls } from '../controls';
import type { ScenarioContext, Step } from '../scenario';
import { BrokenError } from '../verdict';
import { sessionCookies } from './session-cookies';

// Single-page apps keep their login as tokens: an access token sent as `Authorization: Bearer`, and often a
// refresh token in an HttpOnly cookie on a narrow path (`/api/auth`). Logout must end them on the server, not
// only drop them from the page (RFC 7009): a copy taken before logout (malware, a shared profile, a proxy log)
// must be worthless after it. So every request the portal's own pages sent with such a credential is recorded
// while logged in, replayed from outside the browser (Node's fetch: no cookies, no storage, nothing but that
// credential) to show it works (the control), and replayed again after logout, when any 2xx is a finding.

/** One request the pages sent, with the one credential it carried; values stay inside the harness. */
export interface CredentialRequest {
  method: 'GET' | 'HEAD';
  url: string;
  /** What it carried, for people: "Bearer token" or "cookie vp.refresh (Path=/api/auth)". */
  carried: string;
  headers: Record<string, string>;
}

const REPLAYS = 'credentialReplays';

declare module '../scenario' {
  interface ScenarioMemoryKeys {
    /** The credentials the pages sent, each accepted when replayed while logged in. */
    [REPLAYS]: CredentialRequest[];
  }
}

/** How long the pages' scripts may keep sending requests after the page showed (an SPA fetches on load). */
const SCRIPTS_SETTLE_MS = 10_000;
/** The pages are done when no response has arrived for this long (a condition observed, not a sleep). */
const QUIET_MS = 1_000;

/**
 * Only requests that could not change anything (GET, HEAD) are replayed, and only to the origins of the portal,
 * its identity provider and its declared API hosts (target.apiOrigins): a token a page sent to a third party is
 * that party's to judge. The browser's own request must have succeeded (2xx), or the replay's answer means
 * nothing either way. Each credential picked is registered with the run's redactor before it is kept.
 */
export function credentialRequests(target: Target, exchanges: HttpExchange[], jar: AuditCookie[], redactor: Pick<Redactor, 'register'>, atLoginForm: readonly AuditCookie[] = []): CredentialRequest[] {
  const { portal, idp } = targetOrigins(target);
  const origins = new Set([portal.origin, ...(idp ? [idp.origin] : []), ...(target.apiOrigins ?? []).map((o) => new URL(o).origin)]);
  // A session cookie on a narrow path exists for the requests under it (a refresh endpoint): a credential of its own.
  const narrow = sessionCookies(target, jar, 'logged in', atLoginForm).filter((c) => c.path !== '/' && c.path !== '');
  const found = new Map<string, CredentialRequest>();
  for (const e of exchanges) {
    if ((e.method !== 'GET' && e.method !== 'HEAD') || e.status < 200 || e.status > 299 || !URL.canParse(e.url)) continue;
    const url = new URL(e.url);
    if (!origins.has(url.origin)) continue;
    const add = (carried: string, headers: Record<string, string>, secret: string) => {
      redactor.register(secret, 'hash');
      const key = `${e.method} ${url.origin}${url.pathname} ${carried} ${secret}`;
      if (!found.has(key)) found.set(key, { method: e.method as 'GET' | 'HEAD', url: e.url, carried, headers });
    };
    if (e.requestAuthorization && /^Bearer\s+\S/i.test(e.requestAuthorization)) {
      add('Bearer token', { authorization: e.requestAuthorization }, e.requestAuthorization.replace(/^Bearer\s+/i, ''));
    }
    for (const c of narrow) {
      const covers = url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`);
      if (covers && cookieBelongsTo(c, url.hostname) && e.requestCookieNames.includes(c.name)) {
        add(`cookie ${c.name} (Path=${c.path})`, { cookie: `${c.name}=${c.value}` }, c.value);
      }
    }
  }
  return [...found.values()];
}

async function replay(request: CredentialRequest): Promise<{ status: number; setCookies: string[] }> {
  try {
    // redirect: 'manual': a redirect (to a login) is the answer, not something to follow.
    const response = await fetch(request.url, { method: request.method, headers: request.headers, redirect: 'manual' });
    await response.body?.cancel();
    return { status: response.status, setCookies: response.headers.getSetCookie() };
  } catch (error) {
    throw new BrokenError('PORTAL_UNREACHABLE', `the replay of ${request.method} ${request.url} found no server: ${(error as Error).message}`);
  }
}

const describe = (r: CredentialRequest, status: number) => `${r.method} ${r.url} with only its ${r.carried}: HTTP ${status}`;

/** A refresh endpoint may rotate its cookie on use: the replay after logout must use the newest value. */
function rotated(request: CredentialRequest, setCookies: string[], redactor: Pick<Redactor, 'register'>): CredentialRequest {
  const name = /^cookie (\S+) /.exec(request.carried)?.[1];
  const line = name ? setCookies.find((l) => setCookiePair(l).name === name) : undefined;
  const value = line ? setCookiePair(line).value : '';
  if (!name || !value) return request;
  redactor.register(value, 'hash');
  return { ...request, headers: { cookie: `${name}=${value}` } };
}

/** Waits until the pages' scripts are done sending (no new response for QUIET_MS), bounded by SCRIPTS_SETTLE_MS. */
async function settledExchanges(ctx: ScenarioContext): Promise<HttpExchange[]> {
  const deadline = Date.now() + SCRIPTS_SETTLE_MS;
  let seen = (await ctx.driver.allExchanges()).length;
  let quietSince = Date.now();
  while (Date.now() - quietSince < QUIET_MS && Date.now() < deadline) {
    await delay(100);
    const now = (await ctx.driver.allExchanges()).length;
    if (now !== seen) [seen, quietSince] = [now, Date.now()];
  }
  return ctx.driver.allExchanges();
}

/**
 * While logged in: the credentials the portal's pages sent (bearer tokens, narrow-path session cookies),
 * each replayed once from outside the browser; each must be accepted (the control), or a refusal after
 * logout would prove nothing.
 */
export function captureAndReplayTokens(): Step {
  return {
    title: 'record the tokens the pages sent and replay each from outside the browser while logged in',
    async run(ctx) {
      if (!ctx.driver.capabilities.httpExchanges) return;
      const exchanges = await settledExchanges(ctx);
      // A driver that cannot see request headers records no requestAuthorization at all (not even null).
      if (!exchanges.some((e) => e.requestAuthorization !== undefined)) return;
      const requests = credentialRequests(ctx.target, exchanges, await ctx.driver.cookies(), ctx.redactor, ctx.memory.get('jarAtLoginForm'));
      const accepted: CredentialRequest[] = [];
      for (const request of requests) {
        const answer = await replay(request);
        if (answer.status < 200 || answer.status > 299) {
          controlFailed(
            controls.tokenReplay,
            describe(request, answer.status),
            'the request needs more than this one credential (a session cookie, a CSRF header, a client certificate), so a replay of it alone cannot test logout',
          );
        }
        accepted.push(rotated(request, answer.setCookies, ctx.redactor));
      }
      if (accepted.length === 0) return;
      ctx.memory.set(REPLAYS, accepted);
      ctx.control(controls.tokenReplay, accepted.map((r) => describe(r, 200).replace('HTTP 200', 'accepted')).join('; '));
    },
  };
}

/** After logout: every credential recorded before it must be refused when replayed (401/403/400, or a redirect). */
export function replayTokensAfterLogout(): Step {
  return {
    title: 'replay the recorded tokens from outside the browser after logout',
    async run(ctx) {
      const check = 'tokens refused after logout';
      if (!ctx.driver.capabilities.httpExchanges) {
        ctx.notApplicable(check, `this driver records no HTTP exchange: ${ctx.driver.capabilities.limits.httpExchanges ?? 'not supported'}`);
        return;
      }
      const requests = ctx.memory.get(REPLAYS);
      if (!requests) {
        const headersSeen = (await ctx.driver.allExchanges()).some((e) => e.requestAuthorization !== undefined);
        ctx.notApplicable(
          check,
          headersSeen
            ? "the portal's pages sent no bearer token and no narrow-path session cookie to the portal, its identity provider or a declared apiOrigins entry while logged in"
            : 'this driver does not record request headers, so the tokens the pages sent are not known',
        );
        return;
      }
      for (const request of requests) {
        const { status } = await replay(request);
        const seen = describe(request, status);
        if (status >= 200 && status <= 299) {
          ctx.finding('TOKEN_VALID_AFTER_LOGOUT', {
            message: `a ${request.carried} copied before logout is still accepted: logout did not revoke it on the server`,
            expected: 'HTTP 401/403/400 or a redirect to the login (the token was revoked at logout)',
            seen,
            url: request.url,
          });
        } else if ([400, 401, 403].includes(status) || (status >= 300 && status <= 399)) {
          ctx.pass(check, seen, controls.tokenReplay);
        } else {
          throw new BrokenError('PAGE_UNRECOGNISED', `${seen}: neither accepted nor refused, cannot tell whether logout revoked it`);
        }
      }
    },
  };
}
