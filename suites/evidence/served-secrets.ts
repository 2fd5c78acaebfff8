import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setCookiePair } from '../../evidence/cookie-parts';

// Every cookie and token value an HTTP server in this process hands out or receives, learnt from Node's own
// http diagnostics channels: a test can start the reference portal here, let an audit in another process
// (the CLI, its Playwright workers, its browsers) use it, and then know exactly which values must not be in
// that audit's output. Nothing in the portal changes for it.

/** Query parameters that carry a token or a one-time secret in the OAuth / OpenID Connect flows. */
const TOKEN_PARAMS = ['code', 'state', 'nonce', 'id_token_hint', 'id_token', 'access_token', 'refresh_token', 'code_verifier', 'code_challenge', 'logout_hint'];
/** Token fields of a JSON response (the IdP's token endpoint, answered to the portal). */
const TOKEN_FIELDS = ['access_token', 'id_token', 'refresh_token'];
const JWT = /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/g;
/** Shorter values (flags such as "1") are not secrets and would match anywhere. */
const MIN_LENGTH = 8;

interface ServerMessage {
  request: IncomingMessage;
  response: ServerResponse;
}

export interface ServedSecrets {
  values: Set<string>;
  stop(): void;
}

export function recordServedSecrets(): ServedSecrets {
  const values = new Set<string>();
  const add = (value: string | undefined) => {
    if (value && value.length >= MIN_LENGTH) values.add(value);
  };
  const fromUrl = (raw: string | undefined) => {
    if (!raw) return;
    const url = new URL(raw, 'http://127.0.0.1');
    for (const name of TOKEN_PARAMS) for (const v of url.searchParams.getAll(name)) add(v);
  };
  const fromBody = (body: string) => {
    for (const jwt of body.match(JWT) ?? []) add(jwt);
    if (!body.trimStart().startsWith('{')) return;
    try {
      const json = JSON.parse(body) as Record<string, unknown>;
      for (const field of TOKEN_FIELDS) if (typeof json[field] === 'string') add(json[field]);
    } catch {
      // not JSON after all: the JWT scan above is all there is to learn
    }
  };

  const onRequest = (message: unknown) => {
    const { request, response } = message as ServerMessage;
    fromUrl(request.url);
    for (const pair of (request.headers.cookie ?? '').split(';')) add(setCookiePair(pair).value);
    add(/^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1]);
    // The body is read as it is written, so a token that is rendered into a page (a logout link's
    // id_token_hint) is known even when the browser never follows it.
    const chunks: Buffer[] = [];
    const keep = (chunk: unknown) => {
      if (typeof chunk === 'string' || chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
    };
    const write = response.write.bind(response) as (...args: unknown[]) => boolean;
    const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
    response.write = ((chunk: unknown, ...rest: unknown[]) => (keep(chunk), write(chunk, ...rest))) as typeof response.write;
    response.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'function') keep(chunk);
      fromBody(Buffer.concat(chunks).toString('utf8'));
      return end(chunk, ...rest);
    }) as typeof response.end;
  };
  const onResponse = (message: unknown) => {
    const { response } = message as ServerMessage;
    const setCookie = response.getHeader('set-cookie');
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [String(setCookie)] : []) add(setCookiePair(line).value);
    fromUrl(String(response.getHeader('location') ?? '') || undefined);
  };

  subscribe('http.server.request.start', onRequest);
  subscribe('http.server.response.finish', onResponse);
  return {
    values,
    stop() {
      unsubscribe('http.server.request.start', onRequest);
      unsubscribe('http.server.response.finish', onResponse);
    },
  };
}
