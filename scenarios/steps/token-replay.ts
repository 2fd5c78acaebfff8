import { createHash } from 'node:crypto';
import { cookieBelongsTo, setCookiePair } from '../../evidence/cookie-parts';
import type { AuditCookie, HttpExchange } from '../../drivers/driver';
import { delay } from '../../drivers/wait';
import type { Redactor } from '../../evidence/redact';
import { targetOrigins, type Target } from '../../targets/target';
import { controlFailed, controls } from '../controls';
import type { ScenarioContext, Step } from '../scenario';
import { BrokenError } from '../verdict';
import { effectWhileLoggedIn, honouredAfterLogout, type ReplayAnswer } from './credential-effect';
import { sessionCookies } from './login-traces';

// Single-page apps keep their login as tokens: an access token sent as `Authorization: Bearer`, and often a
// refresh token in an HttpOnly cookie on a narrow path (`/api/auth`). Logout must end them on the server, not
// only drop them from the page (RFC 7009): a copy taken before logout (malware, a shared profile, a proxy log)
// must be worthless after it. So every request the portal's own pages sent with such a credential is recorded
// while logged in, replayed from outside the browser (Node's fetch: no cookies, no storage, nothing but that
// credential) to show it works (the control), and replayed again after logout, when any 2xx is a finding.
// A request counts only if the credential is what makes it succeed: an app's HTTP library may add its bearer
// token to every request (jQuery's ajaxSetup), and a cookie on `/admin` goes with `/admin/js/app.js` too. So the
// control also replays each request without the credential; what answers 2xx then is public and left out, said so
// in the evidence, or every static file would be a finding after logout.

/** One request the pages sent, with the one credential it carried; values stay inside the harness. */
export interface CredentialRequest {
  method: 'GET' | 'HEAD';
  url: string;
  /** What it carried, for people: "Bearer token" or "cookie vp.refresh (Path=/api/auth)". */
  carried: string;
  headers: Record<string, string>;
}

/** A request kept for after logout, with what its credential decided while logged in (./credential-effect.ts). */
interface KeptRequest extends CredentialRequest {
  effect: 'status' | 'content';
}

const REPLAYS = 'credentialReplays';

/** What the control made of the requests the pages sent with a credential. */
interface ReplayPlan {
  /** Accepted with only the credential, and refused or answered otherwise without it, while logged in. */
  kept: KeptRequest[];
  /** Answered alike without the credential: public resources, left out. */
  leftOutAsPublic: CredentialRequest[];
  /** Refused even with the credential: they need more than it (another header, a cookie), left out. */
  leftOutNeedingMore: CredentialRequest[];
}

declare module '../scenario' {
  interface ScenarioMemoryKeys {
    [REPLAYS]: ReplayPlan;
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

/** The request from outside the browser with its one credential, or (`without`) with nothing at all. */
async function replay(request: CredentialRequest, credential: 'with' | 'without' = 'with'): Promise<ReplayAnswer & { setCookies: string[] }> {
  try {
    // redirect: 'manual': a redirect (to a login) is the answer, not something to follow.
    const response = await fetch(request.url, { method: request.method, headers: credential === 'with' ? request.headers : {}, redirect: 'manual' });
    const digest = createHash('sha256').update(Buffer.from(await response.arrayBuffer())).digest('hex');
    return { status: response.status, digest, setCookies: response.headers.getSetCookie() };
  } catch (error) {
    throw new BrokenError('PORTAL_UNREACHABLE', `the replay of ${request.method} ${request.url} found no server: ${(error as Error).message}`);
  }
}

const describe = (r: CredentialRequest, status: number) => `${r.method} ${r.url} with only its ${r.carried}: HTTP ${status}`;

/** Requests left out, for a seen line: the first few, then how many more (the attachment lists them all). */
function listed(requests: CredentialRequest[]): string {
  const shown = requests.slice(0, 5).map((r) => `${r.method} ${r.url} (${r.carried})`);
  return `${shown.join(', ')}${requests.length > 5 ? ` and ${requests.length - 5} more` : ''}`;
}

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
 * logout would prove nothing. Each is replayed once more without its credential: accepted then, it is public.
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
      if (requests.length === 0) return;
      const plan: ReplayPlan = { kept: [], leftOutAsPublic: [], leftOutNeedingMore: [] };
      const leftOut: { method: string; url: string; carried: string; why: string; withIt: number; withoutIt: number }[] = [];
      for (const request of requests) {
        const answer = await replay(request);
        const bare = await replay(request, 'without');
        const effect = effectWhileLoggedIn(answer, bare, await replay(request, 'without'));
        if (effect === 'status' || effect === 'content') {
          plan.kept.push({ ...rotated(request, answer.setCookies, ctx.redactor), effect });
          continue;
        }
        (effect === 'public' ? plan.leftOutAsPublic : plan.leftOutNeedingMore).push(request);
        const why = effect === 'public' ? 'answered alike without the credential: public' : 'refused even with the credential: it needs more than this one (a header, a cookie)';
        leftOut.push({ method: request.method, url: request.url, carried: request.carried, why, withIt: answer.status, withoutIt: bare.status });
      }
      ctx.memory.set(REPLAYS, plan);
      if (leftOut.length > 0) await ctx.attachJson('credential-requests-left-out', leftOut);
      // A credential refused on one request but accepted alone on another was tested there (that request wants a
      // header or cookie more). One that works alone on no request cannot be tested at all, or the driver recorded
      // it wrongly: nothing may pass without it.
      const credentialOf = (r: CredentialRequest) => JSON.stringify(r.headers);
      const tested = new Set(plan.kept.map(credentialOf));
      const untested = plan.leftOutNeedingMore.find((r) => !tested.has(credentialOf(r)));
      if (untested) {
        controlFailed(
          controls.tokenReplay,
          describe(untested, leftOut.find((l) => l.url === untested.url)?.withIt ?? 0),
          'the requests need more than this one credential (a session cookie, a CSRF header, a client certificate), so a replay of it alone cannot test logout',
        );
      }
      if (plan.kept.length === 0) return;
      const publicSeen = plan.leftOutAsPublic.length > 0 ? `; left out as public (answered alike without the credential): ${listed(plan.leftOutAsPublic)}` : '';
      const moreSeen = plan.leftOutNeedingMore.length > 0 ? `; left out as needing more than the credential: ${listed(plan.leftOutNeedingMore)}` : '';
      const kept = plan.kept.map((r) => `${r.method} ${r.url} with only its ${r.carried}: accepted, without it: ${r.effect === 'status' ? 'refused' : 'another answer'}`);
      ctx.control(controls.tokenReplay, `${kept.join('; ')}${publicSeen}${moreSeen}`);
    },
  };
}

/** After logout: every credential recorded before it must be refused when replayed (any answer but 2xx, ./refusal.ts). */
export function replayTokensAfterLogout(): Step {
  return {
    title: 'replay the recorded tokens from outside the browser after logout',
    async run(ctx) {
      const check = 'tokens refused after logout';
      if (!ctx.driver.capabilities.httpExchanges) {
        ctx.notApplicable(check, `this driver records no HTTP exchange: ${ctx.driver.capabilities.limits.httpExchanges ?? 'not supported'}`);
        return;
      }
      const plan = ctx.memory.get(REPLAYS);
      if (!plan) {
        const headersSeen = (await ctx.driver.allExchanges()).some((e) => e.requestAuthorization !== undefined);
        ctx.notApplicable(
          check,
          headersSeen
            ? "the portal's pages sent no bearer token and no narrow-path session cookie to the portal, its identity provider or a declared apiOrigins entry while logged in"
            : 'this driver does not record request headers, so the tokens the pages sent are not known',
        );
        return;
      }
      if (plan.kept.length === 0) {
        const why = [
          ...(plan.leftOutAsPublic.length > 0 ? [`answered alike without it (public): ${listed(plan.leftOutAsPublic)}`] : []),
          ...(plan.leftOutNeedingMore.length > 0 ? [`refused even with it (they need more than the credential): ${listed(plan.leftOutNeedingMore)}`] : []),
        ];
        ctx.notApplicable(check, `no request the pages sent with a credential depended on it alone: ${why.join('; ')}`);
        return;
      }
      for (const request of plan.kept) {
        const answer = await replay(request);
        // Where the credential decided the content, the answer to a request without it, asked now, is the refusal.
        const anonymous = request.effect === 'content' ? await replay(request, 'without') : undefined;
        const seen = `${describe(request, answer.status)}${anonymous ? (answer.digest === anonymous.digest ? ', the same answer as without it' : ', another answer than without it') : ''}`;
        if (honouredAfterLogout(request.effect, answer, anonymous)) {
          ctx.finding('TOKEN_VALID_AFTER_LOGOUT', {
            message: `a ${request.carried} copied before logout is still accepted: logout did not revoke it on the server`,
            expected: 'a refusal, any answer but 2xx (401, 403, 400, a redirect to the login), or where it decided the content the answer anyone gets without it: the token was revoked at logout',
            seen,
            url: request.url,
          });
        } else {
          ctx.pass(check, seen, controls.tokenReplay);
        }
      }
    },
  };
}
