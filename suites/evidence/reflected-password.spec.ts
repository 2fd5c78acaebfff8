import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { tsEntry } from '../../cli/ts-entry';
import { fileCount, secretsInFiles } from './secrets-in-files';

// A portal that reflects the typed password back (a careless "welcome" redirect, a debug title) writes it in
// the encodings of where it lands: form-encoded in the redirect's URL, HTML-escaped in the page. A whole audit
// of it must leave the password in none of them, in no file of its output.

const PASSWORD = "Ek & 'Gran' pw!";
const USER = 'elin';
const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;').replace(/"/g, '&quot;');

/** The spellings a reflected password takes in this portal's pages and URLs (the test's own, not the product's). */
const reflectedSpellings = [
  new URLSearchParams({ p: PASSWORD }).toString().slice(2),
  new URLSearchParams({ p: PASSWORD }).toString().slice(2).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
  esc(PASSWORD),
  PASSWORD,
];

function startEchoPortal(): Promise<{ url: string; stop: () => void }> {
  const sessions = new Set<string>();
  const page = (title: string, body: string) => `<!doctype html><html><head><title>${title}</title></head><body>${body}</body></html>`;
  const sid = (req: IncomingMessage) => /(?:^|; )sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, body: string, headers: Record<string, string> = {}) => res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers }).end(body);
    if (req.method === 'POST' && url.pathname === '/login') {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const form = new URLSearchParams(raw);
      if (form.get('username') !== USER || form.get('password') !== PASSWORD) return send(200, page('Login', '<p class="failed">Wrong password</p>'));
      const id = Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
      sessions.add(id);
      // The careless part: the password goes back in the redirect, form-encoded, and into the next page.
      return send(302, '', { location: `/welcome?${new URLSearchParams({ user: USER, echo: PASSWORD })}`, 'set-cookie': `sid=${id}; Path=/; HttpOnly; SameSite=Lax` });
    }
    if (url.pathname === '/logout') {
      sessions.delete(sid(req) ?? '');
      return send(200, page('Signed out', '<h1 id="bye">Signed out</h1>'), { 'set-cookie': 'sid=; Path=/; Max-Age=0' });
    }
    const loggedIn = sessions.has(sid(req) ?? '');
    if (url.pathname === '/welcome' && loggedIn) {
      return send(200, page(`Welcome ${esc(url.searchParams.get('echo') ?? '')}`, `<p>You typed ${esc(url.searchParams.get('echo') ?? '')}</p><ul id="data"><li>Blood pressure 120/80</li></ul><a id="logout" href="/logout">Log out</a>`));
    }
    if (url.pathname === '/records' && loggedIn) return send(200, page('Records', '<ul id="data"><li>Blood pressure 120/80</li></ul><a id="logout" href="/logout">Log out</a>'));
    return send(200, page('Login', '<form method="post" action="/login"><input id="username" name="username"><input id="password" name="password" type="password"><button id="go">Sign in</button></form>'));
  };
  const server = createServer((req, res) => void handle(req, res));
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, stop: () => server.close() })));
}

test('a password the portal reflects form-encoded and HTML-escaped reaches no file of the audit, in any of those spellings', async () => {
  test.setTimeout(600_000);
  const portal = await startEchoPortal();
  const dir = mkdtempSync(join(tmpdir(), 'reflected-'));
  const root = resolve('.');
  const target = join(dir, 'echo.ts');
  writeFileSync(target, `import { defineTarget } from '${join(root, 'targets/define-target')}';
export default defineTarget({
  name: 'echo', baseUrl: '${portal.url}', protectedPaths: ['/records'],
  loggedIn: { selector: '#data' }, loginRequired: { selector: '#password' },
  login: { username: '#username', password: '#password', submit: '#go', error: { selector: '.failed' } },
  logout: { click: '#logout', done: { selector: '#bye' } },
  users: [{ id: 'elin', usernameEnv: 'ECHO_USER', passwordEnv: 'ECHO_PASSWORD' }], policy: {},
});\n`);
  const out = join(dir, 'out');
  const child = spawn(process.execPath, [...tsEntry(join(root, 'cli/audit.ts')), '--target', target, '--scenarios', 'logout-revisit', '--presets', 'fresh-default', '--personas', 'default', '--out', out], {
    cwd: root,
    env: { ...process.env, ECHO_USER: USER, ECHO_PASSWORD: PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  portal.stop();
  expect(code, output).toBe(0);
  expect(fileCount(out)).toBeGreaterThan(5);
  expect(secretsInFiles(out, reflectedSpellings)).toEqual([]);
  for (const spelling of reflectedSpellings) expect(output.includes(spelling), `the log holds ${spelling.slice(0, 4)}…`).toBe(false);
});
