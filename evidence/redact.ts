import { createHmac, randomBytes } from 'node:crypto';
import type { AuditCookie, HttpExchange, StorageSnapshot } from './browser-state';
import { setCookiePair } from './cookie-parts';
import { spellingsOf } from './secret-spellings';

// The one place where values are masked before anything is written to a report or a log.
// A value becomes a short keyed hash: the same cookie is recognisable across steps and browsers of one run
// ("the jar after logout still holds h:3f9a…"), but the hash cannot be replayed or reversed. The key is the
// run's (AUDIT_REDACTION_KEY, set by the CLI for all its workers so that hashes agree between them, read by
// audit/settings.ts alone and handed in by the audit's runner) and is never written anywhere.
//
// What a run learns to be secret (a typed password, every cookie value it saw) belongs to that run: it is
// held by a Redactor made for the run and handed down through the evidence sink and the scenario context,
// never by this module, so two runs in one process cannot mask (or fail to mask) each other's secrets.

/** The key of a Redactor made without the run's, and of maskSecretParams: one per process (tests, benches, reporters). */
const PROCESS_KEY = randomBytes(32).toString('hex');

/** Query and form parameters that carry credentials or tokens in OAuth / OpenID Connect / SAML flows. */
const SECRET_PARAMS = [
  'code',
  'id_token',
  'id_token_hint',
  'access_token',
  'refresh_token',
  'token',
  'state',
  'nonce',
  'code_verifier',
  'code_challenge',
  'session_state',
  'logout_hint',
  'password',
  // A one-time code's form field (the reference IdP's, and the usual names elsewhere).
  'otp',
  'totp',
  'SAMLResponse',
  'SAMLRequest',
  'RelayState',
];

const secretParamPattern = new RegExp(`([?&#;](?:${SECRET_PARAMS.join('|')})=)([^&#\\s"'<>]+)`, 'gi');

function keyedHash(key: string, value: string): string {
  if (value === '') return '';
  return `h:${createHmac('sha256', key).update(value).digest('hex').slice(0, 12)}`;
}

function maskParams(key: string, text: string): string {
  return text.replace(secretParamPattern, (_m, prefix: string, value: string) => `${prefix}${keyedHash(key, value)}`);
}

/**
 * Masks token-bearing URL parameters (`?code=…`, `id_token_hint=…`) in free text, by pattern alone: it knows
 * no run's secrets. For code that has no Redactor at hand (a reporter process, which sees no secret typed;
 * driver output that reaches evidence through the run's Redactor later anyway). Everything a run writes goes
 * through that run's Redactor.text, which does this and masks what the run learnt.
 */
export function maskSecretParams(text: string): string {
  return maskParams(PROCESS_KEY, text);
}

export interface RedactedCookie extends Omit<AuditCookie, 'value'> {
  value: string;
  persistent: boolean;
}

/** One run's redaction: what it learnt to be secret, and every way evidence is masked with that knowledge. */
export interface Redactor {
  /**
   * A string that must never appear in evidence, whatever text it turns up in. `mask`: it becomes "••••••"
   * (passwords); `hash`: its keyed hash, so a cookie value that is also part of a URL (oidc-provider's
   * interaction id is both a cookie value and a path segment) stays recognisable without being usable;
   * `word`: masked like a password, but only where it stands as a word of its own: a one-time code's six
   * digits are also inside every longer number (a timestamp), which stays readable.
   */
  register(secret: string, as?: 'mask' | 'hash' | 'word'): void;
  /** A value as its short keyed hash (`h:` and 12 hex digits); '' stays ''. */
  value(value: string): string;
  /** Token-bearing URL parameters and every registered secret masked, in any text (messages, titles, URLs). */
  text(text: string): string;
  /**
   * The same error with its message, stack and causes redacted, for errors about to be recorded by someone
   * else (Playwright writes a failed step's error into its result). Kept the same object, so callers can
   * still tell a BrokenError from a driver error. A string is redacted as text; anything else is returned.
   */
  error<E>(error: E): E;
  /** Cookie values hashed (and learnt, so they are masked wherever else they appear); attributes kept. */
  cookies(cookies: AuditCookie[]): RedactedCookie[];
  /** `name=value; Path=/; HttpOnly` → `name=h:…; Path=/; HttpOnly`: attributes are the evidence, the value is not. */
  setCookie(line: string): string;
  /** Web Storage values hashed; keys, IndexedDB and cache names kept. */
  storage(snapshot: StorageSnapshot): StorageSnapshot;
  /** One HTTP exchange: URL and Location masked, the Authorization credential and Set-Cookie values hashed. */
  exchange(exchange: HttpExchange): HttpExchange;
  /**
   * One step's HTTP exchanges. Values set by Set-Cookie are learnt first, so a cookie that lived only within
   * the step (set and deleted before the jar was read) is still masked wherever else it appears.
   */
  exchanges(exchanges: HttpExchange[]): HttpExchange[];
  /** An attachment's body: text redacted, images as they are. The one choke point every attachment passes. */
  body(body: Buffer | string, contentType: string): Buffer | string;
}

/**
 * A Redactor for one run, knowing no secret yet. `key`: the run's (audit/settings.ts redactionKey, which the
 * audit's runner passes), so that hashes agree across the runs and workers of one audit: the hash is a shared
 * name for a value, the secrets learnt are each Redactor's own. Without it, one random key per process.
 */
export function createRedactor(key: string = PROCESS_KEY): Redactor {
  const known = new Map<string, string>();
  const value = (v: string) => keyedHash(key, v);

  // Secrets of any length are masked, each in every spelling it takes in evidence (evidence/secret-spellings.ts);
  // longer spellings first, so a secret inside another one's spelling cannot leave part of it readable.
  const shortTokens = new Map<string, RegExp[]>();
  let ordered: Array<[string, string]> | undefined;
  const learn = (spelling: string, replacement: string) => {
    if (known.has(spelling)) return;
    known.set(spelling, replacement);
    ordered = undefined;
  };

  const register = (secret: string, as: 'mask' | 'hash' | 'word' = 'mask') => {
    if (secret === '' || known.has(secret) || shortTokens.has(secret)) return;
    if (secret.length < 6 || as === 'word') {
      // A short value (a flag such as "1" or "yes" in a cookie) would mangle every text if masked wherever its
      // letters occur. A short password is still a password: it is masked where it stands as a word of its own
      // (`?password=abc&`, "Welcome, abc"), in each of its spellings; short cookie values are no secret worth that.
      if (as === 'hash') return;
      const asWord = (spelling: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(spelling)}(?![\\p{L}\\p{N}])`, 'gu');
      shortTokens.set(secret, [secret, ...spellingsOf(secret)].map(asWord));
      return;
    }
    const replacement = as === 'mask' ? '••••••' : value(secret);
    learn(secret, replacement);
    for (const spelling of spellingsOf(secret)) learn(spelling, replacement);
  };

  const text = (t: string) => {
    let out = maskParams(key, t);
    ordered ??= [...known].sort(([a], [b]) => b.length - a.length);
    for (const [secret, replacement] of ordered) out = out.split(secret).join(replacement);
    for (const patterns of shortTokens.values()) for (const pattern of patterns) out = out.replace(pattern, '••••••');
    return out;
  };

  const redactError = (error: unknown, seen: WeakSet<Error>): unknown => {
    if (!(error instanceof Error)) return typeof error === 'string' ? text(error) : error;
    if (seen.has(error)) return error;
    seen.add(error);
    error.message = text(error.message);
    if (error.stack) error.stack = text(error.stack);
    if (error.cause !== undefined) error.cause = redactError(error.cause, seen);
    return error;
  };

  const setCookie = (line: string) => {
    const { name, value: raw } = setCookiePair(line);
    return [`${name}=${value(raw)}`, ...line.split(';').slice(1)].join(';');
  };

  /** `Bearer <token>` → `Bearer h:…`: the scheme is the evidence, the credential is not. */
  const authorization = (header: string) => {
    const [scheme = '', ...rest] = header.split(' ');
    const credential = rest.join(' ');
    register(credential, 'hash');
    return credential ? `${scheme} ${value(credential)}` : value(scheme);
  };

  const exchange = (e: HttpExchange): HttpExchange => {
    const headers = { ...e.responseHeaders };
    if (headers.location) headers.location = text(headers.location);
    return {
      ...e,
      url: text(e.url),
      ...(e.requestAuthorization ? { requestAuthorization: authorization(e.requestAuthorization) } : {}),
      responseHeaders: headers,
      setCookies: e.setCookies.map(setCookie),
    };
  };

  return {
    register,
    value,
    text,
    error: <E>(error: E) => redactError(error, new WeakSet()) as E,
    cookies(cookies) {
      for (const c of cookies) register(c.value, 'hash');
      return cookies.map((c) => ({ ...c, value: value(c.value), path: text(c.path), persistent: c.expires !== -1 }));
    },
    setCookie,
    storage(snapshot) {
      const hashAll = (entries: Record<string, string>) => Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, value(v)]));
      return {
        origins: snapshot.origins.map((o) => ({ ...o, localStorage: hashAll(o.localStorage), sessionStorage: hashAll(o.sessionStorage) })),
      };
    },
    exchange,
    exchanges(list) {
      for (const e of list) for (const line of e.setCookies) register(setCookiePair(line).value, 'hash');
      return list.map(exchange);
    },
    body(body, contentType) {
      if (typeof body === 'string') return text(body);
      return contentType.startsWith('image/') ? body : Buffer.from(text(body.toString('utf8')));
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
