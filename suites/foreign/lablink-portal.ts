import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import Router from '@koa/router';
import { jwtVerify, SignJWT } from 'jose';
import Koa from 'koa';
import type { DefectEntry } from '../../portal/defects';
import { labLinkAppScript } from './lablink-app-script';
import { closeServer, listenOnLoopback, type RunningForeignPortal } from './loopback';

// LabLink, lab results as a single-page app on Koa (@koa/router, jose): the page keeps a short-lived JWT
// access token in sessionStorage and sends it as `Authorization: Bearer`; a refresh token in an HttpOnly
// cookie scoped to /api/auth mints new ones. Each login is a refresh-token family on the server; access tokens
// name it (sid). Logout must end the family (refresh refused) and every access token of it (API refuses),
// not just drop the token from the page: a JWT that is only checked for its signature outlives any logout.

export const LABLINK_USERS = [
  { username: 'erik', password: 'lablink-Erik-Hb-145', name: 'Erik Sund', results: ['2026-03-02 Hb 145 g/L', '2026-03-02 CRP <5 mg/L'] },
  { username: 'frida', password: 'lablink-Frida-Tsh-2', name: 'Frida Ek', results: ['2026-02-11 TSH 2.1 mIU/L'] },
] as const;

export const lablinkDefects = [
  {
    id: 'access-token-outlives-logout',
    title: 'the API checks only the access token’s signature and expiry, so logout cannot end it',
    description:
      'GET /api/results verifies the JWT and nothing else: logout ends the refresh family, but an access token ' +
      'copied before logout keeps working until it expires (15 minutes), from anywhere.',
    caughtBy: [
      { scenario: 'logout-token-replay', code: 'TOKEN_VALID_AFTER_LOGOUT' },
      { scenario: 'logout-other-tab', code: 'OTHER_TAB_STILL_AUTHENTICATED', note: "the other tab's own token is still accepted" },
    ],
  },
  {
    id: 'refresh-token-not-revoked',
    title: 'logout blocks the access token it was sent but leaves the refresh token alive',
    description:
      'POST /api/auth/logout puts the presented access token on a deny list and clears the refresh cookie in the ' +
      'browser, but the refresh family stays: a copy of lablink.refresh taken before logout mints new access tokens.',
    caughtBy: [
      { scenario: 'logout-replay', code: 'SESSION_VALID_AFTER_LOGOUT' },
      { scenario: 'logout-other-tab', code: 'OTHER_TAB_STILL_AUTHENTICATED', note: "the other tab's token is not the one denied" },
    ],
  },
  {
    id: 'tokens-left-in-storage',
    title: 'the app signs out on the server but leaves its access token in sessionStorage',
    description: "The Sign out button calls POST /api/auth/logout but never removes sessionStorage['lablink.access'].",
    caughtBy: [{ scenario: 'logout-storage-residue', code: 'AUTH_DATA_LEFT_IN_BROWSER' }],
  },
  {
    id: 'persistent-refresh-cookie',
    title: 'the refresh cookie is kept for 30 days, so the login outlives the browser',
    description: 'lablink.refresh carries Max-Age=2592000: after closing the browser without logging out, the app refreshes its way back in.',
    caughtBy: [
      { scenario: 'close-without-logout', code: 'SESSION_SURVIVED_CLOSE' },
      { scenario: 'cookie-attributes', code: 'PERSISTENT_SESSION_COOKIE', note: 'a narrow-path (Path=/api/auth) HttpOnly cookie set by the login counts as a session cookie' },
    ],
  },
] as const satisfies readonly DefectEntry[];

export type LablinkDefect = (typeof lablinkDefects)[number]['id'];

const REFRESH_COOKIE = 'lablink.refresh';
const REFRESH_PATH = '/api/auth';
const ACCESS_TOKEN_LIFETIME = '15m';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · LabLink</title></head><body>${body}</body></html>`;

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function startLablink(defects: readonly LablinkDefect[] = []): Promise<RunningForeignPortal> {
  const has = (id: LablinkDefect) => defects.includes(id);
  const key = randomBytes(32);
  /** Refresh-token families: sid -> the user; sha256(refresh token) -> sid. */
  const families = new Map<string, string>();
  const refreshTokens = new Map<string, string>();
  const deniedTokenIds = new Set<string>();

  const accessToken = (username: string, sid: string) =>
    new SignJWT({ sid }).setProtectedHeader({ alg: 'HS256' }).setSubject(username).setJti(randomUUID()).setIssuedAt().setExpirationTime(ACCESS_TOKEN_LIFETIME).sign(key);

  /** The verified claims of the request's bearer token, or undefined when the token does not (or no longer) count. */
  const bearer = async (ctx: Koa.Context): Promise<{ sub: string; sid: string; jti: string } | undefined> => {
    const token = /^Bearer (\S+)$/.exec(ctx.get('authorization'))?.[1];
    if (!token) return undefined;
    const claims = await jwtVerify(token, key, { algorithms: ['HS256'] }).then((r) => r.payload as { sub: string; sid: string; jti: string }, () => undefined);
    if (!claims) return undefined;
    if (has('access-token-outlives-logout')) return claims; // defect: access-token-outlives-logout
    return families.has(claims.sid) && !deniedTokenIds.has(claims.jti) ? claims : undefined;
  };

  const setRefreshCookie = (ctx: Koa.Context, value: string | null) =>
    ctx.cookies.set(REFRESH_COOKIE, value, {
      httpOnly: true,
      sameSite: 'strict',
      path: REFRESH_PATH,
      overwrite: true,
      // defect: persistent-refresh-cookie
      ...(value && has('persistent-refresh-cookie') ? { maxAge: 30 * 24 * 60 * 60 * 1000 } : {}),
    });

  const router = new Router();
  router.get('/', (ctx) => {
    ctx.body = page('Welcome', '<h1>LabLink</h1><a href="/app">My lab results</a>');
  });
  router.get('/app', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = page('My results', '<main id="app"></main><script src="/app.js"></script>');
  });
  router.get('/app.js', (ctx) => {
    ctx.type = 'application/javascript';
    ctx.body = labLinkAppScript(!has('tokens-left-in-storage')); // defect: tokens-left-in-storage
  });
  router.get('/signed-out', (ctx) => {
    ctx.body = page('Signed out', '<h1 id="signed-out">You are signed out</h1><a href="/app">Sign in again</a>');
  });

  router.post(`${REFRESH_PATH}/login`, async (ctx) => {
    const body = await readJson(ctx.req);
    const user = LABLINK_USERS.find((u) => u.username === body.username && u.password === body.password);
    ctx.set('Cache-Control', 'no-store');
    if (!user) {
      ctx.status = 401;
      ctx.body = { error: 'wrong username or password' };
      return;
    }
    const sid = randomUUID();
    const refresh = randomBytes(32).toString('base64url');
    families.set(sid, user.username);
    refreshTokens.set(sha256(refresh), sid);
    setRefreshCookie(ctx, refresh);
    ctx.body = { accessToken: await accessToken(user.username, sid) };
  });
  router.post(`${REFRESH_PATH}/refresh`, async (ctx) => {
    const refresh = ctx.cookies.get(REFRESH_COOKIE);
    const sid = refresh ? refreshTokens.get(sha256(refresh)) : undefined;
    const username = sid ? families.get(sid) : undefined;
    ctx.set('Cache-Control', 'no-store');
    if (!sid || !username) {
      ctx.status = 401;
      ctx.body = { error: 'sign in first' };
      return;
    }
    ctx.body = { accessToken: await accessToken(username, sid) };
  });
  router.post(`${REFRESH_PATH}/logout`, async (ctx) => {
    const claims = await bearer(ctx);
    const refresh = ctx.cookies.get(REFRESH_COOKIE);
    const sid = claims?.sid ?? (refresh ? refreshTokens.get(sha256(refresh)) : undefined);
    if (has('refresh-token-not-revoked')) {
      // defect: refresh-token-not-revoked (only the presented access token is denied)
      if (claims) deniedTokenIds.add(claims.jti);
    } else if (sid) {
      families.delete(sid);
      for (const [hash, owner] of refreshTokens) if (owner === sid) refreshTokens.delete(hash);
    }
    setRefreshCookie(ctx, null);
    ctx.status = 204;
  });

  router.get('/api/results', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const claims = await bearer(ctx);
    const user = LABLINK_USERS.find((u) => u.username === claims?.sub);
    if (!user) {
      ctx.status = 401;
      ctx.body = { error: 'sign in first' };
      return;
    }
    ctx.body = { name: user.name, results: user.results };
  });

  const app = new Koa();
  app.use(router.routes()).use(router.allowedMethods());
  const server = createServer(app.callback());
  const port = await listenOnLoopback(server);
  return { url: `http://127.0.0.1:${port}`, stop: () => closeServer(server) };
}
