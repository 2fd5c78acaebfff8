import { createHmac, randomBytes } from 'node:crypto';
import { setCookiePair } from '../drivers/cookie-parts';
import type { AuditCookie, HttpExchange, StorageSnapshot } from '../drivers/driver';

// The one place where values are masked before anything is written to a report or a log.
// A value becomes a short keyed hash: the same cookie is recognisable across steps and browsers of one run
// ("the jar after logout still holds h:3f9a…"), but the hash cannot be replayed or reversed. The key lives
// only in the environment of one run (AUDIT_REDACTION_KEY, set by the CLI) and is never written anywhere.

const key = process.env.AUDIT_REDACTION_KEY ?? randomBytes(32).toString('hex');

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
  'SAMLResponse',
  'SAMLRequest',
  'RelayState',
];

export function redactValue(value: string): string {
  if (value === '') return '';
  return `h:${createHmac('sha256', key).update(value).digest('hex').slice(0, 12)}`;
}

/**
 * Strings that must never appear in evidence, whatever text they turn up in. Passwords become "••••••";
 * cookie values become their keyed hash, so a value that is also part of a URL (oidc-provider's interaction
 * id is both a cookie value and a path segment) stays recognisable without being usable.
 */
const knownSecrets = new Map<string, string>();

export function registerSecret(secret: string, as: 'mask' | 'hash' = 'mask'): void {
  // Very short values (flags such as "1" or "yes") would mangle every text and protect nothing.
  if (secret.length < 6 || knownSecrets.has(secret)) return;
  const replacement = as === 'mask' ? '••••••' : redactValue(secret);
  knownSecrets.set(secret, replacement);
  // The spellings a secret takes in evidence: in a URL, and inside a JSON string (a verdict, a state dump),
  // where a quote or backslash in a password is escaped.
  for (const spelling of [encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) {
    if (spelling !== secret && !knownSecrets.has(spelling)) knownSecrets.set(spelling, replacement);
  }
}

const secretParamPattern = new RegExp(`([?&#;](?:${SECRET_PARAMS.join('|')})=)([^&#\\s"'<>]+)`, 'gi');

/** Masks token-bearing URL parameters and any registered secret in free text (error messages, titles, URLs). */
export function redactText(text: string): string {
  let out = text.replace(secretParamPattern, (_m, prefix: string, value: string) => `${prefix}${redactValue(value)}`);
  for (const [secret, replacement] of knownSecrets) out = out.split(secret).join(replacement);
  return out;
}

/**
 * The same error with its message, stack and causes redacted, for errors that are about to be recorded by
 * someone else (Playwright writes a failed step's error into its result). Kept the same object, so callers
 * can still tell a BrokenError from a driver error.
 */
export function redactError(error: unknown, seen = new WeakSet<Error>()): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? redactText(error) : error;
  if (seen.has(error)) return error;
  seen.add(error);
  error.message = redactText(error.message);
  if (error.stack) error.stack = redactText(error.stack);
  if (error.cause !== undefined) error.cause = redactError(error.cause, seen);
  return error;
}

export function redactUrl(url: string): string {
  return redactText(url);
}

export interface RedactedCookie extends Omit<AuditCookie, 'value'> {
  value: string;
  persistent: boolean;
}

export function redactCookies(cookies: AuditCookie[]): RedactedCookie[] {
  for (const c of cookies) registerSecret(c.value, 'hash');
  return cookies.map((c) => ({ ...c, value: redactValue(c.value), path: redactText(c.path), persistent: c.expires !== -1 }));
}

/** `name=value; Path=/; HttpOnly` → `name=h:…; Path=/; HttpOnly`: attributes are the evidence, the value is not. */
export function redactSetCookie(line: string): string {
  const { name, value } = setCookiePair(line);
  const attributes = line.split(';').slice(1);
  return [`${name}=${redactValue(value)}`, ...attributes].join(';');
}

export function redactStorage(snapshot: StorageSnapshot): StorageSnapshot {
  const hashAll = (entries: Record<string, string>) =>
    Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, redactValue(v)]));
  return {
    origins: snapshot.origins.map((o) => ({
      ...o,
      localStorage: hashAll(o.localStorage),
      sessionStorage: hashAll(o.sessionStorage),
    })),
  };
}

/**
 * Redacts one step's HTTP exchange. Values set by Set-Cookie are learnt first, so a cookie that lived only
 * within the step (set and deleted before the jar was read) is still masked wherever else it appears.
 */
export function redactExchanges(exchanges: HttpExchange[]): HttpExchange[] {
  for (const e of exchanges) {
    for (const line of e.setCookies) registerSecret(setCookiePair(line).value, 'hash');
  }
  return exchanges.map(redactExchange);
}

/** `Bearer <token>` → `Bearer h:…`: the scheme is the evidence, the credential is not. */
export function redactAuthorization(header: string): string {
  const [scheme = '', ...rest] = header.split(' ');
  const credential = rest.join(' ');
  registerSecret(credential, 'hash');
  return credential ? `${scheme} ${redactValue(credential)}` : redactValue(scheme);
}

export function redactExchange(exchange: HttpExchange): HttpExchange {
  const headers = { ...exchange.responseHeaders };
  if (headers.location) headers.location = redactUrl(headers.location);
  return {
    ...exchange,
    url: redactUrl(exchange.url),
    ...(exchange.requestAuthorization ? { requestAuthorization: redactAuthorization(exchange.requestAuthorization) } : {}),
    responseHeaders: headers,
    setCookies: exchange.setCookies.map(redactSetCookie),
  };
}
