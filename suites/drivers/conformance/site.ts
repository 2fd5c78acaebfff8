import http from 'node:http';
import type { AddressInfo } from 'node:net';

// The loopback site every driver is proven against. Its page sets a session cookie (no Expires/Max-Age) and a
// persistent one, and stores something in every kind of browser storage; it writes into the page what it
// managed to store, so a snapshot can be held to what the browser itself accepted. Served on 127.0.0.1 and,
// as another site (the way the reference portal's identity provider is), on localhost.

/**
 * What the page puts in localStorage as it loads: a value long enough to be told apart in a profile's files
 * (the browser writes it there some seconds later), so a check can tell when that write has landed.
 */
export const STORED_ON_LOAD = { key: 'k', value: 'conformance-stored-on-load' } as const;

export interface ConformanceSite {
  url: string;
  otherSiteUrl: string;
  /** User-Agent of the last request (persona checks). */
  lastUserAgent(): string | undefined;
  close(): Promise<void>;
}

const PAGE = `<!doctype html><title>conformance</title><body><p id="status">storing</p>
<script>
  // Each kind of storage a site can leave behind after logout; what fails (a browser without service workers,
  // say) is written down as not stored rather than hidden.
  const stored = [];
  const attempt = (kind, action) => Promise.resolve().then(action).then(() => stored.push(kind), () => undefined);
  Promise.all([
    attempt('localStorage', () => localStorage.setItem('${STORED_ON_LOAD.key}', '${STORED_ON_LOAD.value}')),
    attempt('sessionStorage', () => sessionStorage.setItem('s', 't')),
    attempt('indexedDB', () => new Promise((resolve, reject) => {
      const request = indexedDB.open('conformance-db', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('records');
      request.onsuccess = () => { request.result.close(); resolve(); };
      request.onerror = () => reject(request.error);
    })),
    attempt('cacheStorage', () => caches.open('conformance-cache').then((c) => c.put('/cached', new Response('x')))),
    attempt('serviceWorkers', () => navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready)),
  ]).then(() => {
    const status = document.getElementById('status');
    status.textContent = 'stored: ' + stored.sort().join(',');
    status.dataset.stored = stored.sort().join(',');
    status.id = 'stored';
  });
</script></body>`;

// A login form as most portals have it: the first field has `autofocus`, which the page applies at its next
// rendering update, possibly while the harness is already typing. The page echoes what each field holds.
const FORM = `<!doctype html><title>form</title><body><form>
<input id="username" autofocus><input id="password" type="password"></form><p id="echo">typed</p>
<script>
  document.addEventListener('input', () => {
    const echo = document.getElementById('echo');
    echo.dataset.username = document.getElementById('username').value;
    echo.dataset.password = document.getElementById('password').value;
  });
</script></body>`;

export async function startConformanceSite(): Promise<ConformanceSite> {
  let userAgent: string | undefined;
  const server = http.createServer((req, res) => {
    userAgent = req.headers['user-agent'];
    if (req.url === '/sw.js') {
      res.setHeader('Content-Type', 'text/javascript');
      res.end("self.addEventListener('fetch', () => undefined);");
      return;
    }
    if (req.url === '/form') {
      res.setHeader('Content-Type', 'text/html');
      res.end(FORM);
      return;
    }
    res.setHeader('Set-Cookie', ['session_c=one; Path=/; HttpOnly', 'persistent_c=two; Path=/; Max-Age=3600']);
    res.setHeader('Content-Type', 'text/html');
    res.setHeader('Cache-Control', 'no-store');
    res.end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    otherSiteUrl: `http://localhost:${port}/`,
    lastUserAgent: () => userAgent,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
