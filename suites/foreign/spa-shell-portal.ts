import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, esc, listenOnLoopback, type RunningForeignPortal } from './loopback';

// A single-page app: one shell page that renders from localStorage at once and then asks its API for the
// user's records, which the API answers 1.5 s later, as a slow back end does. What the shell shows first is
// what its client believes; what it shows once the call returns is what the server allows. Only the second
// says whether the logout worked (ARCHITECTURE.md 3, "Settled page").
// - 'data-call-outlives-logout': the API authenticates by its own cookie (path /api), which sign-out neither
//   clears nor revokes; after logout the shell shows its login form at once and the records when the call returns.
// - 'cached-records': sign-out leaves the records the shell keeps in localStorage; after logout it shows them
//   at once, until its refused call replaces them with the login form.

export type SpaShellDefect = 'data-call-outlives-logout' | 'cached-records';

export const SPA_SHELL_USERS = [
  { username: 'ada', password: 'spa-shell-Ada-Pw-31', name: 'Ada Ek' },
  { username: 'per', password: 'spa-shell-Per-Pw-42', name: 'Per Ås' },
] as const;

/** How late the API answers: long enough that the shell's first rendering is long on screen before it. */
const API_LATE_MS = 1500;

const FORM =
  '<form id="signin" method="post" action="/signin"><label>User <input id="user" name="user"></label>' +
  '<label>Password <input id="pass" name="pass" type="password"></label><button id="go" type="submit">Sign in</button></form>';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · Shell</title></head><body>${body}</body></html>`;

// The shell's script: its first rendering from localStorage, then the API call. A refused call leaves a form
// that is already there alone, so a person (or the harness) typing into it loses nothing.
const SHELL_SCRIPT = `
const app = document.getElementById('app');
const form = ${JSON.stringify(FORM)};
const records = (d) => '<h1>' + d.name + '</h1><div id="patient-records">' + d.records + '</div><a id="sign-out" href="/signout">Sign out</a>';
const cached = localStorage.getItem('shell-cache');
if (localStorage.getItem('shell-signed-in') === 'yes') app.innerHTML = '<p id="loading">Loading</p>';
else if (cached) app.innerHTML = records(JSON.parse(cached));
else app.innerHTML = form;
fetch('/api/records').then((r) => (r.ok ? r.json() : Promise.reject(r.status))).then(
  (d) => { localStorage.setItem('shell-signed-in', 'yes'); localStorage.setItem('shell-cache', JSON.stringify(d)); app.innerHTML = records(d); },
  () => { if (!document.getElementById('signin')) app.innerHTML = form; },
);`;

function cookiesOf(req: IncomingMessage): Record<string, string> {
  return Object.fromEntries((req.headers.cookie ?? '').split(/;\s*/).filter(Boolean).map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)]));
}

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

export async function startSpaShell(defects: readonly SpaShellDefect[] = []): Promise<RunningForeignPortal> {
  const sessions = new Map<string, string>();
  const apiTokens = new Map<string, string>();
  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string | string[]> = {}) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
    res.end(body);
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const cookies = cookiesOf(req);
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /') return send(res, 200, page('Welcome', '<a href="/app/records">My records</a>'));
    if (route === 'GET /app/records') return send(res, 200, page('Records', `<div id="app"></div><script>${SHELL_SCRIPT}</script>`));
    if (route === 'GET /api/records') {
      const user = SPA_SHELL_USERS.find((u) => u.username === apiTokens.get(cookies['shell.api'] ?? ''));
      setTimeout(() => {
        res.writeHead(user ? 200 : 401, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(user ? JSON.stringify({ name: esc(user.name), records: '2026-10-02 Blood pressure 120/80' }) : '{}');
      }, API_LATE_MS);
      return;
    }
    if (route === 'POST /signin') {
      const form = await formOf(req);
      const user = SPA_SHELL_USERS.find((u) => u.username === form.get('user') && u.password === form.get('pass'));
      if (!user) return send(res, 200, page('Sign in', `<p class="flash-error">Invalid credentials</p>${FORM}`));
      const sid = randomBytes(16).toString('hex');
      const api = randomBytes(16).toString('hex');
      sessions.set(sid, user.username);
      apiTokens.set(api, user.username);
      return send(res, 200, page('Signed in', "<script>localStorage.setItem('shell-signed-in', 'yes'); location.replace('/app/records');</script>"), {
        'set-cookie': [`shell.sid=${sid}; Path=/; HttpOnly; SameSite=Lax`, `shell.api=${api}; Path=/api; HttpOnly; SameSite=Lax`],
      });
    }
    if (route === 'GET /signout') {
      const user = sessions.get(cookies['shell.sid'] ?? '');
      sessions.delete(cookies['shell.sid'] ?? '');
      const clear = ['shell.sid=; Path=/; Max-Age=0'];
      // defect: data-call-outlives-logout
      if (!defects.includes('data-call-outlives-logout')) {
        // The API cookie is not sent here (its path is /api): the user's API tokens are revoked by owner.
        for (const [token, owner] of apiTokens) if (owner === user) apiTokens.delete(token);
        clear.push('shell.api=; Path=/api; Max-Age=0');
      }
      // defect: cached-records
      const forget = defects.includes('cached-records') ? "localStorage.removeItem('shell-signed-in')" : 'localStorage.clear()';
      return send(res, 200, page('Signed out', `<script>${forget}</script><h1 id="bye">You have signed out</h1>`), { 'set-cookie': clear });
    }
    send(res, 404, page('Not found', 'Not found'));
  });
  const port = await listenOnLoopback(server);
  return { url: `http://127.0.0.1:${port}`, stop: () => closeServer(server) };
}
