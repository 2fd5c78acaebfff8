import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import type { HttpExchange } from '../driver';
import { EXCHANGE_HEADERS } from '../exchange-headers';

// A loopback HTTP proxy between a WebDriver-only browser (WebKitGTK: no CDP, no BiDi) and the network. It sees
// what the browser cannot report over classic WebDriver: every plain-http response (status, redirects,
// Cache-Control, Set-Cookie lines, the cookie names a request carried) and every origin the browser talked to,
// redirect hops included. It also answers "probe" URLs itself, so the driver can open a document of any http
// origin (to read that origin's cookies or storage through WebDriver) without the server ever seeing a request.
// https goes through as an opaque CONNECT tunnel: its origin is known, its exchanges are not.

// Headers that describe one connection, not the message: never forwarded (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

export class RecordingProxy {
  /** A path segment no site uses: URLs holding it are answered by the proxy, never forwarded. */
  readonly marker = `logout-audit-probe-${randomBytes(8).toString('hex')}`;
  private readonly log: HttpExchange[] = [];
  private taken = 0;
  private readonly tunnelled = new Set<string>();
  private readonly tunnels = new Set<net.Socket>();
  private readonly agent = new http.Agent({ keepAlive: true });
  private lastMainDocument: { url: string; status: number } | undefined;

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<RecordingProxy> {
    const server = http.createServer();
    const proxy = new RecordingProxy(server);
    server.on('request', (req, res) => proxy.forward(req, res));
    server.on('connect', (req, socket: net.Socket, head: Buffer) => proxy.tunnel(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return proxy;
  }

  /** host:port for the WebDriver `proxy` capability. */
  get address(): string {
    const { port } = this.server.address() as AddressInfo;
    return `127.0.0.1:${port}`;
  }

  /** A URL of `origin` under `dir` (a cookie path) that the proxy answers itself for http origins. */
  probeUrl(origin: string, dir = '/'): string {
    return `${origin}${dir.endsWith('/') ? dir : `${dir}/`}${this.marker}`;
  }

  /** Responses since the last call. */
  take(): HttpExchange[] {
    const fresh = this.log.slice(this.taken);
    this.taken = this.log.length;
    return fresh;
  }

  all(): HttpExchange[] {
    return [...this.log];
  }

  /** The status of the last top-level document response, when it was for `url` (null: none came over the network). */
  mainDocumentStatus(url: string): number | null {
    return this.lastMainDocument?.url === url ? this.lastMainDocument.status : null;
  }

  /** Every origin the browser sent a request to: http ones from the exchanges, https ones from CONNECT. */
  origins(): string[] {
    return [...new Set([...this.log.map((e) => new URL(e.url).origin), ...this.tunnelled])];
  }

  /**
   * The paths under which `origin`'s server set cookies (the Path attribute, or the default path of the URL
   * that set it): WebDriver lists only the cookies a document's URL would send, so each needs its own probe.
   */
  cookiePaths(origin: string): string[] {
    const paths = new Set(['/']);
    for (const exchange of this.log) {
      const url = new URL(exchange.url);
      if (url.origin !== origin) continue;
      for (const line of exchange.setCookies) {
        const explicit = /;\s*path=([^;]*)/i.exec(line)?.[1]?.trim();
        paths.add(explicit?.startsWith('/') ? explicit : url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1) || '/');
      }
    }
    return [...paths];
  }

  async close(): Promise<void> {
    for (const socket of this.tunnels) socket.destroy();
    this.agent.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private isProbe(req: http.IncomingMessage): boolean {
    // The probe page itself, and what the browser fetches on its behalf (the favicon), which has it as Referer.
    return Boolean(req.url?.includes(this.marker) || req.headers.referer?.includes(this.marker));
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('logout-audit recording proxy: absolute URLs only');
      return;
    }
    if (this.isProbe(req)) {
      const page = req.url?.includes(this.marker);
      res.writeHead(page ? 200 : 404, { 'content-type': 'text/html', 'cache-control': 'no-store' });
      res.end(page ? '<!doctype html><title>logout-audit probe</title>' : '');
      return;
    }
    const headers = withoutHopByHop(req.rawHeaders);
    const upstream = http.request({
      hostname: target.hostname.replace(/^\[|\]$/g, ''),
      port: target.port || 80,
      method: req.method,
      path: `${target.pathname}${target.search}`,
      headers,
      agent: this.agent,
    });
    upstream.on('response', (answer) => {
      this.record(req, target, answer);
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, withoutHopByHop(answer.rawHeaders));
      answer.pipe(res);
    });
    // The browser would have seen a network error, not a proxy's error page: it gets one.
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  }

  private record(req: http.IncomingMessage, target: URL, answer: http.IncomingMessage): void {
    const picked: Record<string, string> = {};
    for (const name of EXCHANGE_HEADERS) {
      const value = answer.headers[name];
      if (value !== undefined) picked[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const resourceType = resourceTypeOf(req);
    const status = answer.statusCode ?? 0;
    this.log.push({
      method: req.method ?? 'GET',
      url: target.toString(),
      status,
      resourceType,
      requestCookieNames: (req.headers.cookie ?? '')
        .split(';')
        .map((pair) => pair.split('=')[0]?.trim() ?? '')
        .filter(Boolean),
      requestAuthorization: req.headers.authorization ?? null,
      responseHeaders: picked,
      setCookies: answer.headers['set-cookie'] ?? [],
    });
    if (resourceType === 'document' && req.headers['sec-fetch-dest'] !== 'iframe') {
      this.lastMainDocument = { url: target.toString(), status };
    }
  }

  private tunnel(req: http.IncomingMessage, client: net.Socket, head: Buffer): void {
    const [host = '', port = '443'] = (req.url ?? '').split(/:(?=\d+$)/);
    this.tunnelled.add(`https://${host}${port === '443' ? '' : `:${port}`}`);
    const upstream = net.connect(Number(port), host.replace(/^\[|\]$/g, ''), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      this.tunnels.add(socket);
      socket.on('close', () => this.tunnels.delete(socket));
    }
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  }
}

/** rawHeaders ([name, value, ...]) without the connection-level ones. */
function withoutHopByHop(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    if (!HOP_BY_HOP.has(name.toLowerCase())) out.push(name, raw[i + 1]!);
  }
  return out;
}

/**
 * Playwright's resource type names, from the request's Fetch Metadata (WebKit sends Sec-Fetch-Dest to
 * potentially trustworthy origins such as loopback). Elsewhere navigations still carry
 * Upgrade-Insecure-Requests, which subresource requests never do.
 */
function resourceTypeOf(req: http.IncomingMessage): string {
  const dest = req.headers['sec-fetch-dest'];
  if (dest === undefined) return req.headers['upgrade-insecure-requests'] ? 'document' : 'other';
  const names: Record<string, string> = { document: 'document', iframe: 'document', frame: 'document', empty: 'fetch', style: 'stylesheet' };
  return names[dest] ?? (['script', 'image', 'font', 'manifest'].includes(dest) ? dest : 'other');
}
