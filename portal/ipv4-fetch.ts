/**
 * The portal's server-side HTTP client for calls to the IdP (discovery, JWKS, token, userinfo).
 *
 * The IdP listens on 127.0.0.1 only, but its issuer says "localhost", which Node may resolve to ::1 first.
 * Rewriting the URL to 127.0.0.1 is not an option: oidc-provider builds the endpoint URLs it advertises
 * from the request's Host header, and Node's fetch ignores a Host header set by the caller. So the request
 * goes out through node:http with `family: 4`, which keeps the host name (and Host header) and only pins
 * the address family.
 */
import { request } from 'node:http';
import type { CustomFetch, CustomFetchOptions } from 'openid-client';

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

function bodyBytes(body: CustomFetchOptions['body']): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof URLSearchParams) return Buffer.from(body.toString());
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return Buffer.from(body as ArrayBuffer);
  // openid-client only streams bodies for uses this portal has none of (e.g. large JAR payloads).
  throw new TypeError('streamed request bodies are not supported by the ipv4 fetch');
}

export const ipv4Fetch: CustomFetch = (url, options) => {
  const target = new URL(url);
  if (target.protocol !== 'http:') return fetch(url, options as RequestInit);
  const body = bodyBytes(options.body);
  const headers: Record<string, string> = { ...options.headers };
  if (body) headers['content-length'] = String(body.length);

  return new Promise<Response>((resolve, reject) => {
    const req = request(target, { method: options.method, headers, family: 4, signal: options.signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) responseHeaders.append(name, v);
        }
        const status = res.statusCode ?? 502;
        const payload = NULL_BODY_STATUS.has(status) ? null : new Uint8Array(Buffer.concat(chunks));
        resolve(new Response(payload, { status, statusText: res.statusMessage ?? '', headers: responseHeaders }));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
};
