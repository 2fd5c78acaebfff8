import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { DefectEntry } from '../../portal/defects';
import { closeServer, esc, listenOnLoopback, type RunningForeignPortal } from './loopback';

// TokenBox, a loopback portal whose login leaves traces other than one steady session cookie, in two modes:
// - `storage-token`: a single-page app whose login lives in localStorage only (the token goes out as
//   `Authorization: Bearer`, no session cookie at all); logout ends the token on the server and in the page;
// - `rolling-cookie`: server-rendered pages whose session cookie gets a new value on every response (a
//   sliding expiry), so the browser holds many values of it while logged in.
// In both, every visitor of the login page gets a constant "cookies enabled" test cookie and a constant
// localStorage flag (as WordPress's wordpress_test_cookie): they are the login page's, not the user's.

export const TOKENBOX_USERS = [
  { username: 'greta', password: 'tokenbox-Greta-71', name: 'Greta Lind', records: ['2026-04-01 Blood pressure 121/79'] },
  { username: 'hugo', password: 'tokenbox-Hugo-52', name: 'Hugo Berg', records: ['2026-03-15 Pulse 64'] },
] as const;

export type TokenboxMode = 'storage-token' | 'rolling-cookie';

export const tokenboxDefects = [
  {
    id: 'token-outlives-logout',
    title: 'logout drops the token from the page but the server keeps accepting it',
    description: 'POST /api/logout answers 204 without ending the token: a copy of localStorage taken before logout (or revived by a crash) still opens the records.',
    caughtBy: [
      { scenario: 'logout-replay', code: 'SESSION_VALID_AFTER_LOGOUT' },
      { scenario: 'logout-power-cut', code: 'SESSION_REVIVED_AFTER_CRASH' },
    ],
  },
] as const satisfies readonly DefectEntry[];

export type TokenboxDefect = (typeof tokenboxDefects)[number]['id'];

export const TOKEN_KEY = 'tokenbox.token';
const TEST_COOKIE = 'tokenbox_test_cookie=cookie-check; Path=/; SameSite=Lax';
const FLAG = "localStorage.setItem('tokenbox.cookies-checked', 'yes');";
const SESSION_COOKIE = 'tb_session';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · TokenBox</title></head><body>${body}</body></html>`;

const loginForm = (action: string) =>
  `<form id="login" method="post" action="${action}"><h1>Sign in to TokenBox</h1>` +
  '<label>Username <input id="username" name="username"></label><label>Password <input id="password" name="password" type="password"></label>' +
  '<button id="sign-in" type="submit">Sign in</button></form>';

const records = (user: (typeof TOKENBOX_USERS)[number]) =>
  `<h1 id="patient-name">${esc(user.name)}</h1><ul id="records">${user.records.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>`;

/** The single-page app of storage-token mode: its login is the token in localStorage, nothing else. */
const appScript = `'use strict';
const KEY = ${JSON.stringify(TOKEN_KEY)};
const app = document.getElementById('app');
const esc = (s) => s.replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
async function start() {
  const token = localStorage.getItem(KEY);
  const response = token ? await fetch('/api/me', { headers: { authorization: 'Bearer ' + token } }) : null;
  if (response && response.ok) return show(await response.json());
  app.innerHTML = ${JSON.stringify(loginForm(''))};
  ${FLAG}
  document.getElementById('login').addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = JSON.stringify({ username: document.getElementById('username').value, password: document.getElementById('password').value });
    const answer = await fetch('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (!answer.ok) return;
    localStorage.setItem(KEY, (await answer.json()).token);
    await start();
  });
}
function show(user) {
  app.innerHTML = '<h1 id="patient-name">' + esc(user.name) + '</h1><ul id="records">' + user.records.map((r) => '<li>' + esc(r) + '</li>').join('') + '</ul><button id="logout" type="button">Sign out</button>';
  document.getElementById('logout').addEventListener('click', async () => {
    await fetch('/api/logout', { method: 'POST', headers: { authorization: 'Bearer ' + localStorage.getItem(KEY) } });
    localStorage.removeItem(KEY);
    location.assign('/signed-out');
  });
}
start();
`;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  return (req.headers.cookie ?? '').split(/;\s*/).find((c) => c.startsWith(`${name}=`))?.slice(name.length + 1);
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(body);
}

export async function startTokenbox(mode: TokenboxMode, defects: readonly TokenboxDefect[] = []): Promise<RunningForeignPortal> {
  const has = (id: TokenboxDefect) => defects.includes(id);
  /** Live logins: token (storage-token) or session id (rolling-cookie) -> username. */
  const sessions = new Map<string, string>();
  const newId = () => randomBytes(24).toString('base64url');
  const userOf = (id: string | undefined) => TOKENBOX_USERS.find((u) => id !== undefined && u.username === sessions.get(id));
  /** rolling-cookie: the value is `<session id>.<a fresh nonce>`, new on every response, each valid while the session lives. */
  const rolled = (sid: string) => `${SESSION_COOKIE}=${sid}.${newId()}; Path=/; HttpOnly; SameSite=Lax`;
  const sidOf = (req: IncomingMessage) => cookieOf(req, SESSION_COOKIE)?.split('.')[0];

  const storageToken = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (path === '/app') return send(res, 200, page('My records', '<main id="app"></main><script src="/app.js"></script>'), { 'set-cookie': TEST_COOKIE });
    if (path === '/app.js') return send(res, 200, appScript, { 'content-type': 'application/javascript' });
    if (path === '/api/login' && req.method === 'POST') {
      const body = JSON.parse((await readBody(req)) || '{}') as { username?: string; password?: string };
      const user = TOKENBOX_USERS.find((u) => u.username === body.username && u.password === body.password);
      if (!user) return send(res, 401, '{}', { 'content-type': 'application/json' });
      const fresh = newId();
      sessions.set(fresh, user.username);
      return send(res, 200, JSON.stringify({ token: fresh }), { 'content-type': 'application/json' });
    }
    if (path === '/api/me') {
      const user = userOf(token);
      return user ? send(res, 200, JSON.stringify({ name: user.name, records: user.records }), { 'content-type': 'application/json' }) : send(res, 401, '{}');
    }
    if (path === '/api/logout' && req.method === 'POST') {
      if (token && !has('token-outlives-logout')) sessions.delete(token); // defect: token-outlives-logout
      return send(res, 204, '');
    }
    return undefined;
  };

  const rollingCookie = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const sid = sidOf(req);
    const user = userOf(sid);
    const roll: Record<string, string> = user && sid ? { 'set-cookie': rolled(sid) } : {};
    if (path === '/login' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const found = TOKENBOX_USERS.find((u) => u.username === form.get('username') && u.password === form.get('password'));
      if (!found) return send(res, 200, page('Sign in', `<p class="login-failed">Wrong username or password</p>${loginForm('/login')}`));
      const fresh = newId();
      sessions.set(fresh, found.username);
      return send(res, 303, '', { location: '/app', 'set-cookie': rolled(fresh) });
    }
    if (path === '/login') return send(res, 200, page('Sign in', `${loginForm('/login')}<script>${FLAG}</script>`), { 'set-cookie': TEST_COOKIE });
    if (path === '/app') {
      if (!user) return send(res, 303, '', { location: '/login' });
      const logout = '<form method="post" action="/logout"><button id="logout" type="submit">Sign out</button></form>';
      return send(res, 200, page('My records', `${records(user)}${logout}`), roll);
    }
    if (path === '/logout' && req.method === 'POST') {
      if (sid) sessions.delete(sid);
      return send(res, 303, '', { location: '/signed-out', 'set-cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` });
    }
    if (path === '/favicon.ico') return send(res, 404, '', roll);
    return undefined;
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    void (async () => {
      if (path === '/') return send(res, 200, page('Welcome', '<h1>TokenBox</h1><a href="/app">My records</a>'));
      if (path === '/signed-out') return send(res, 200, page('Signed out', '<h1 id="signed-out">You are signed out</h1><a href="/app">Sign in again</a>'));
      const handled = await (mode === 'storage-token' ? storageToken(req, res, path) : rollingCookie(req, res, path));
      if (handled === undefined && !res.headersSent) send(res, 404, page('Not found', '<h1>Not found</h1>'));
    })().catch(() => {
      if (!res.headersSent) send(res, 500, '');
    });
  });
  const port = await listenOnLoopback(server);
  return { url: `http://127.0.0.1:${port}`, stop: () => closeServer(server) };
}
