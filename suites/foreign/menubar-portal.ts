import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, esc, listenOnLoopback, type RunningForeignPortal } from './loopback';

// Menubar, a portal built the way many single-page-era apps are: the login form is a dialog behind a "Sign in"
// button, and the logged-in user's name, "Sign out" and "Sign out everywhere else" live in a menu behind an
// avatar button. Nothing of that is on a page's visible text until a click opens it. Its modes switch the menu
// to a hover menu (pure CSS) and switch on its defects.

export const MENUBAR_USERS = [
  { username: 'ada', password: 'ada-menubar-pw', name: 'Ada Lindqvist' },
  { username: 'bo', password: 'bo-menubar-pw', name: 'Bo Nyström' },
] as const;

export type MenubarMode =
  /** The user menu opens while the pointer is over it (CSS :hover) instead of on a click. */
  | 'hover-menu'
  /** "Sign out everywhere else" shows its confirmation but ends no other session. */
  | 'others-kept-alive'
  /** "Sign out" shows the signed-out page and ends nothing: the cookie and the server's session stay. */
  | 'sign-out-ends-nothing'
  /** The sign-in dialog greets the last user by name ("Welcome back, …"), from a cookie sign-out leaves. */
  | 'greets-last-user';

const COOKIE = 'menubar_sid';
const LAST_USER = 'menubar_last';

const page = (title: string, header: string, body: string, hoverMenu: boolean) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${title} · Menubar</title>
<style>${hoverMenu ? '#user-menu { display: none } .menu:hover #user-menu { display: block }' : ''}</style></head>
<body><header><strong>Menubar</strong> ${header}</header><main>${body}</main></body></html>`;

function cookies(req: IncomingMessage): Record<string, string> {
  return Object.fromEntries((req.headers.cookie ?? '').split(';').map((c) => c.trim().split('=')).filter((kv) => kv.length === 2) as [string, string][]);
}

async function form(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return new URLSearchParams(body);
}

export async function startMenubar(modes: readonly MenubarMode[] = []): Promise<RunningForeignPortal> {
  const has = (mode: MenubarMode) => modes.includes(mode);
  /** session id → username */
  const sessions = new Map<string, string>();
  const server = createServer();

  const signInDialog = (req: IncomingMessage) => {
    const last = MENUBAR_USERS.find((u) => u.username === cookies(req)[LAST_USER]);
    const greeting = has('greets-last-user') && last ? `<p>Welcome back, ${esc(last.name)}</p>` : '';
    return `<button id="open-sign-in" onclick="document.getElementById('sign-in-dialog').showModal()">Sign in</button>
<dialog id="sign-in-dialog"><form method="post" action="/login">${greeting}
<label>User <input id="username" name="username"></label><label>Password <input id="password" name="password" type="password"></label>
<button id="sign-in">Sign in</button></form></dialog>`;
  };
  const userMenu = (name: string) => {
    const opener = has('hover-menu') ? '<button id="avatar">Account</button>' : `<button id="avatar" onclick="var m = document.getElementById('user-menu'); m.hidden = !m.hidden">Account</button>`;
    return `<span class="menu">${opener}<div id="user-menu"${has('hover-menu') ? '' : ' hidden'}>
<p>Signed in as ${esc(name)}</p><a id="sign-out" href="/logout">Sign out</a>
<form method="post" action="/logout-others"><button id="sign-out-others">Sign out everywhere else</button></form></div></span>`;
  };
  const send = (res: ServerResponse, status: number, html: string, headers: Record<string, string | string[]> = {}) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
    res.end(html);
  };
  const redirect = (res: ServerResponse, location: string, setCookie: string[] = []) => {
    res.writeHead(303, { location, 'cache-control': 'no-store', ...(setCookie.length ? { 'set-cookie': setCookie } : {}) });
    res.end();
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://menubar');
      const sid = cookies(req)[COOKIE];
      const user = MENUBAR_USERS.find((u) => u.username === (sid ? sessions.get(sid) : undefined));
      const hover = has('hover-menu');
      if (req.method === 'POST' && url.pathname === '/login') {
        const fields = await form(req);
        const found = MENUBAR_USERS.find((u) => u.username === fields.get('username') && u.password === fields.get('password'));
        if (!found) return send(res, 401, page('Sign-in failed', signInDialog(req), '<p class="login-error">Wrong user or password</p>', hover));
        const id = randomBytes(24).toString('base64url');
        sessions.set(id, found.username);
        return redirect(res, '/account', [`${COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`, `${LAST_USER}=${found.username}; Path=/; SameSite=Lax`]);
      }
      if (url.pathname === '/logout') {
        if (has('sign-out-ends-nothing')) return redirect(res, '/signed-out');
        if (sid) sessions.delete(sid);
        return redirect(res, '/signed-out', [`${COOKIE}=; Path=/; Max-Age=0`]);
      }
      if (req.method === 'POST' && url.pathname === '/logout-others') {
        if (!user) return redirect(res, '/account');
        if (!has('others-kept-alive')) {
          for (const [other, who] of sessions) if (who === user.username && other !== sid) sessions.delete(other);
        }
        return redirect(res, '/account?others=ended');
      }
      if (url.pathname === '/signed-out') return send(res, 200, page('Signed out', signInDialog(req), '<h1 id="signed-out">You are signed out</h1>', hover));
      if (url.pathname === '/account') {
        if (!user) return send(res, 200, page('Account', signInDialog(req), '<h1>Sign in to see your account</h1>', hover));
        const ended = url.searchParams.get('others') === 'ended' ? '<p id="others-ended">Signed out of all other devices</p>' : '';
        return send(res, 200, page('Account', userMenu(user.name), `${ended}<section id="records"><h1>Your records</h1><p>Prescription: 20 mg daily</p></section>`, hover));
      }
      if (url.pathname === '/') return send(res, 200, page('Welcome', user ? userMenu(user.name) : signInDialog(req), '<h1>Welcome to Menubar</h1>', hover));
      return send(res, 404, page('Not found', '', '<h1>Not found</h1>', hover));
    })().catch((error: unknown) => send(res, 500, page('Error', '', esc(String(error)), false)));
  });
  const port = await listenOnLoopback(server);
  return { url: `http://127.0.0.1:${port}`, stop: () => closeServer(server) };
}
