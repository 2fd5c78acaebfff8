import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import express from 'express';
import { cookieValue } from '../../portal/request-cookie';
import { closeServer, esc, listenOnLoopback, type RunningForeignPortal } from './loopback';

// Wireboard, a flow editor in the manner of Node-RED, for the rules real applications taught the token checks.
// Its login keeps two credentials: a session cookie scoped to `Path=/admin` (so the browser also sends it with
// the public `/admin/js/app.js`), and a bearer token kept as JSON in localStorage['auth-tokens'] that the app's
// HTTP helper adds to every request it makes, the public logo included (as jQuery's ajaxSetup does). Its
// settings API also wants the anti-CSRF nonce the admin page carries, and answers 400 (not 401) once that nonce
// belongs to no live login. Logout ends the session and the token on the server and empties the shared
// localStorage, so another tab still open keeps only what its page read before.

export const WIREBOARD_USER = { username: 'greta', password: 'wireboard-Greta-Flow-7', name: 'Greta Berg', flows: ['Greenhouse watering', 'Cold room alarm'] } as const;

export interface WireboardOptions {
  /** The defect: logout ends the session cookie's session but never revokes the bearer token. */
  tokenOutlivesLogout?: boolean;
  /**
   * The admin page lists the flows itself (session cookie on Path=/), so the only request the app's helper
   * sends with the token is the public logo: nothing the token is needed for.
   */
  flowsRenderedOnServer?: boolean;
}

const SESSION_COOKIE = 'wb.sid';
export const TOKENS_KEY = 'auth-tokens';
export const NONCE_HEADER = 'X-Wireboard-Nonce';

const page = (title: string, body: string, head = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · Wireboard</title>${head}</head><body>${body}</body></html>`;

/** The app's script: an HTTP helper that sends the stored token with every request, as ajaxSetup would. */
const appScript = `'use strict';
function token() {
  try { return JSON.parse(localStorage.getItem(${JSON.stringify(TOKENS_KEY)})).access_token; } catch { return null; }
}
function get(url) {
  return fetch(url, { headers: { authorization: 'Bearer ' + token() } });
}
async function start() {
  await get('/static/logo.svg');
  const list = document.getElementById('flows');
  if (list.dataset.server === 'yes') return;
  await get('/api/library');
  const response = await get('/api/flows');
  if (!response.ok) return location.assign('/login');
  for (const flow of (await response.json()).flows) list.append(Object.assign(document.createElement('li'), { textContent: flow }));
}
start();
`;

export async function startWireboard(options: WireboardOptions = {}): Promise<RunningForeignPortal> {
  /** Live logins by session id; the token and nonce of each, looked up by value. */
  const sessions = new Map<string, { token: string; nonce: string }>();
  const tokens = new Map<string, { nonce: string }>();
  const cookiePath = options.flowsRenderedOnServer ? '/' : '/admin';
  const liveToken = (authorization: string | undefined) => tokens.get(/^Bearer (\S+)$/.exec(authorization ?? '')?.[1] ?? '');

  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  app.get('/', (_req, res) => res.send(page('Welcome', '<h1>Wireboard</h1><a href="/admin">Open the editor</a>')));
  app.get('/login', (req, res) =>
    res.send(
      page(
        'Sign in',
        `<form id="login" method="post" action="/login">${req.query.failed ? '<p class="login-failed">Wrong username or password</p>' : ''}
        <label>Username <input id="username" name="username"></label><label>Password <input id="password" name="password" type="password"></label>
        <button id="sign-in" type="submit">Sign in</button></form>`,
      ),
    ),
  );
  app.post('/login', (req, res) => {
    if (req.body.username !== WIREBOARD_USER.username || req.body.password !== WIREBOARD_USER.password) return res.redirect('/login?failed=1');
    const [sid, token, nonce] = [randomBytes(24), randomBytes(32), randomBytes(16)].map((b) => b.toString('base64url')) as [string, string, string];
    sessions.set(sid, { token, nonce });
    tokens.set(token, { nonce });
    res.cookie(SESSION_COOKIE, sid, { httpOnly: true, sameSite: 'lax', path: cookiePath });
    // The app keeps its token as Node-RED does: JSON under one key, read by its scripts.
    const stored = JSON.stringify({ access_token: token, expires_in: 604800, token_type: 'Bearer' });
    return res.send(page('Signing in', `<script>localStorage.setItem(${JSON.stringify(TOKENS_KEY)}, ${JSON.stringify(stored)}); location.replace('/admin');</script>`));
  });

  app.get('/admin', (req, res) => {
    const sid = cookieValue(req, SESSION_COOKIE);
    const session = sid ? sessions.get(sid) : undefined;
    if (!session) return res.redirect('/login');
    const flows = options.flowsRenderedOnServer ? WIREBOARD_USER.flows.map((f) => `<li>${esc(f)}</li>`).join('') : '';
    return res.send(
      page(
        'Flows',
        `<h1>${esc(WIREBOARD_USER.name)}</h1><ul id="flows" data-server="${options.flowsRenderedOnServer ? 'yes' : 'no'}">${flows}</ul>
        <form method="post" action="/admin/logout"><button id="logout" type="submit">Sign out</button></form><script src="/admin/js/app.js"></script>`,
        `<meta name="wireboard-nonce" content="${session.nonce}">`,
      ),
    );
  });
  // Public, though the browser sends the session cookie with it (Path=/admin covers it).
  app.get('/admin/js/app.js', (_req, res) => res.type('application/javascript').send(appScript));
  // Public, though the app's helper sends the bearer token with it.
  app.get('/static/logo.svg', (_req, res) => res.type('image/svg+xml').send('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>'));
  app.post('/admin/logout', (req, res) => {
    const sid = cookieValue(req, SESSION_COOKIE);
    const session = sid ? sessions.get(sid) : undefined;
    if (sid && session) {
      sessions.delete(sid);
      if (!options.tokenOutlivesLogout) tokens.delete(session.token); // the defect keeps it
    }
    res.clearCookie(SESSION_COOKIE, { path: cookiePath });
    res.send(page('Signed out', `<h1 id="signed-out">You are signed out</h1><script>localStorage.removeItem(${JSON.stringify(TOKENS_KEY)});</script>`));
  });

  app.get('/api/flows', (req, res) => {
    if (!liveToken(req.get('authorization'))) return res.status(401).json({ error: 'unauthorized' });
    return res.json({ flows: WIREBOARD_USER.flows });
  });
  // A library everyone may list (200 to anyone, as a package registry's search is), with the user's own,
  // private flows added only for their token: the credential decides the content, not the status.
  app.get('/api/library', (req, res) => res.json({ flows: ['Public: sunrise timer', ...(liveToken(req.get('authorization')) ? WIREBOARD_USER.flows : [])] }));
  // The nonce is checked first, as many CSRF guards are: a nonce of no live login is a 400, not a 401.
  app.get('/api/settings', (req, res) => {
    const nonce = req.get(NONCE_HEADER);
    if (!nonce || ![...tokens.values()].some((t) => t.nonce === nonce)) return res.status(400).json({ error: 'bad nonce' });
    const held = liveToken(req.get('authorization'));
    if (held?.nonce !== nonce) return res.status(401).json({ error: 'unauthorized' });
    return res.json({ theme: 'light', user: WIREBOARD_USER.name });
  });

  const server = createServer(app);
  const port = await listenOnLoopback(server);
  return { url: `http://127.0.0.1:${port}`, stop: () => closeServer(server) };
}
