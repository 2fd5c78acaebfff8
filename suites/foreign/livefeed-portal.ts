import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { closeServer, esc, listenOnLoopback, type RunningForeignPortal } from './loopback';

// LiveFeed, a home-monitoring portal whose vitals page is live: the page opens a WebSocket and an EventSource
// (server-sent events), and the server pushes the user's readings on both every 300 ms. node:http for the pages
// and the event stream, `ws` for the WebSocket. Logout must end the session and the live channels opened with it;
// one defect keeps them open and pushing, as a real application did (issue 30, class 6); the other stops pushing
// but leaves them open, a channel the server would use again for whatever it sends next. The WebSocket URL carries
// a ticket in its query, as many apps authenticate sockets: it must never show in the audit's evidence.

export const LIVEFEED_USERS = [
  { username: 'greta', password: 'livefeed-Greta-Pw-19', name: 'Greta Garbo' },
  { username: 'hugo', password: 'livefeed-Hugo-Pw-27', name: 'Hugo Alfvén' },
] as const;

export type LivefeedDefect = 'live-channels-outlive-logout' | 'live-channels-left-open';

const SESSION_COOKIE = 'livefeed.sid';
const PUSH_EVERY_MS = 300;

interface Session {
  id: string;
  user: (typeof LIVEFEED_USERS)[number];
  /** Handed to the vitals page for its WebSocket URL; valid while the session is. */
  ticket: string;
  /** Ends the session's live channels (each registers its own ending). */
  channels: Set<() => void>;
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · LiveFeed</title></head><body>${body}</body></html>`;

const loginPage = (failed: boolean) =>
  page(
    'Sign in',
    `<h1>Sign in to LiveFeed</h1>${failed ? '<p class="login-failed">Wrong user or password</p>' : ''}
    <form id="login" method="post" action="/login"><label>User <input id="username" name="username"></label>
    <label>Password <input id="password" name="password" type="password"></label><button id="sign-in" type="submit">Sign in</button></form>`,
  );

// The page shows each reading as it comes; the ticket goes into the WebSocket's URL.
const vitalsPage = (s: Session) =>
  page(
    'Vitals',
    `<h1>${esc(s.user.name)}</h1><div id="vitals"><p>Pulse (socket): <span id="ws-pulse">…</span></p><p>Pulse (stream): <span id="sse-pulse">…</span></p></div>
    <form method="post" action="/logout"><button id="sign-out" type="submit">Sign out</button></form>
    <script>
      const socket = new WebSocket('ws://' + location.host + '/live/socket?ticket=${s.ticket}');
      socket.onmessage = (e) => { document.getElementById('ws-pulse').textContent = JSON.parse(e.data).pulse; };
      const stream = new EventSource('/live/stream');
      stream.addEventListener('vitals', (e) => { document.getElementById('sse-pulse').textContent = JSON.parse(e.data).pulse; });
    </script>`,
  );

const reading = (s: Session) => JSON.stringify({ patient: s.user.name, pulse: 60 + Math.floor(Math.random() * 30) });

export async function startLivefeed(defects: readonly LivefeedDefect[] = []): Promise<RunningForeignPortal> {
  const sessions = new Map<string, Session>();
  const sessionOf = (req: IncomingMessage): [string, Session] | undefined => {
    const id = /(?:^|;\s*)livefeed\.sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const session = id ? sessions.get(id) : undefined;
    return id && session ? [id, session] : undefined;
  };
  const redirect = (res: ServerResponse, to: string, headers: Record<string, string> = {}) => res.writeHead(303, { location: to, ...headers }).end();
  const html = (res: ServerResponse, body: string) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);

  /** Pushes a reading every PUSH_EVERY_MS until the channel or its session ends. */
  const keepPushing = (s: Session, push: () => void, end: () => void) => {
    const timer = setInterval(() => {
      if (defects.includes('live-channels-left-open') && !sessions.has(s.id)) return; // defect: live-channels-left-open
      push();
    }, PUSH_EVERY_MS);
    const stop = () => {
      clearInterval(timer);
      s.channels.delete(stop);
      end();
    };
    s.channels.add(stop);
    return stop;
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://livefeed.invalid');
    const current = sessionOf(req);
    if (req.method === 'GET' && url.pathname === '/login') return html(res, loginPage(url.searchParams.has('failed')));
    if (req.method === 'POST' && url.pathname === '/login') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const user = LIVEFEED_USERS.find((u) => u.username === form.get('username') && u.password === form.get('password'));
        if (!user) return redirect(res, '/login?failed=1');
        const id = randomBytes(18).toString('base64url');
        sessions.set(id, { id, user, ticket: randomBytes(18).toString('base64url'), channels: new Set() });
        redirect(res, '/vitals', { 'set-cookie': `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax` });
      });
      return;
    }
    if (req.method === 'POST' && url.pathname === '/logout') {
      if (current) {
        sessions.delete(current[0]);
        // The clean portal ends the live channels opened with the session; both defects forget them.
        const forgets = defects.includes('live-channels-outlive-logout') || defects.includes('live-channels-left-open'); // defect: live-channels-outlive-logout
        if (!forgets) for (const end of [...current[1].channels]) end();
      }
      return redirect(res, '/signed-out', { 'set-cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; Max-Age=0` });
    }
    if (req.method === 'GET' && url.pathname === '/signed-out') return html(res, page('Signed out', '<h1 id="signed-out">You have signed out</h1>'));
    if (!current) {
      if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/live/')) return res.writeHead(401).end();
      return redirect(res, '/login');
    }
    const [, s] = current;
    if (req.method === 'GET' && url.pathname === '/vitals') return html(res, vitalsPage(s));
    if (req.method === 'GET' && url.pathname === '/api/me') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: s.user.name }));
    if (req.method === 'GET' && url.pathname === '/live/stream') {
      // retry: the browser reconnects an ended stream after half a second (and is refused once logged out).
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' }).write('retry: 500\n\n');
      const stop = keepPushing(s, () => res.write(`event: vitals\ndata: ${reading(s)}\n\n`), () => res.end());
      req.on('close', stop);
      return;
    }
    res.writeHead(404).end();
  });

  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const current = sessionOf(req);
    const ticket = new URL(req.url ?? '/', 'http://livefeed.invalid').searchParams.get('ticket');
    if (!current || ticket !== current[1].ticket) return socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
    sockets.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const stop = keepPushing(current[1], () => ws.send(reading(current[1])), () => ws.close(4001, 'logged out'));
      ws.on('close', stop);
    });
  });

  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      for (const s of sessions.values()) for (const end of [...s.channels]) end();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await closeServer(server);
    },
  };
}
