import type { AuditCookie } from './browser-state';

// Small facts about cookies that several layers need (scenarios, redaction, tests): one definition each,
// here in the evidence layer so that redaction needs nothing from the drivers.

/** Whether a cookie is sent to `host`: host-only and domain cookies (".example.se" or "example.se") alike. */
export function cookieBelongsTo(cookie: Pick<AuditCookie, 'domain'>, host: string): boolean {
  const domain = cookie.domain.replace(/^\./, '');
  return host === domain || host.endsWith(`.${domain}`);
}

/** The name and value a Set-Cookie line sets (`name=value; Path=/; HttpOnly` → name, value). */
export function setCookiePair(line: string): { name: string; value: string } {
  const pair = line.split(';')[0] ?? '';
  const eq = pair.indexOf('=');
  return eq < 0 ? { name: pair.trim(), value: '' } : { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() };
}
