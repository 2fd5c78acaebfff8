// What a browser holds and shows, as plain data. It lives in the evidence layer, which every layer may use,
// so that redaction and capture (evidence/) can name these shapes without importing the drivers that read
// them; drivers/driver.ts re-exports them for the code that knows them from there.

export interface PageState {
  url: string;
  /** HTTP status of the last main-document response, null when none was seen (e.g. served from a service worker). */
  status: number | null;
  title: string;
}

/** A cookie as the browser holds it. `value` stays inside the harness: evidence only ever gets a redacted hash. */
export interface AuditCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  /** Unix seconds; -1 for a session cookie (no Expires/Max-Age). */
  expires: number;
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'Strict' | 'Lax' | 'None' | 'unset';
}

export interface OriginStorage {
  origin: string;
  localStorage: Record<string, string>;
  sessionStorage: Record<string, string>;
  indexedDB: string[];
  cacheStorage: string[];
  serviceWorkers: string[];
}

export interface StorageSnapshot {
  origins: OriginStorage[];
}

/**
 * One HTTP response the browser received, without bodies (they may hold personal data or tokens).
 * Raw as seen: the evidence layer (evidence/redact.ts) is the one place that masks values before anything is written.
 */
export interface HttpExchange {
  method: string;
  url: string;
  status: number;
  resourceType: string;
  /** Names of the cookies the request carried (values never leave the driver). */
  requestCookieNames: string[];
  /**
   * The request's Authorization header, raw (a bearer token is a secret: evidence gets it through
   * evidence/redact.ts only); null when the request carried none; absent when this driver cannot see request
   * headers, so "no token was sent" is never claimed where it was not looked for.
   */
  requestAuthorization?: string | null;
  /** Only headers that matter for a logout audit (location, cache-control, clear-site-data, content-type). */
  responseHeaders: Record<string, string>;
  /** Raw Set-Cookie lines: contain values, so they must go through redaction before any evidence. */
  setCookies: string[];
}
