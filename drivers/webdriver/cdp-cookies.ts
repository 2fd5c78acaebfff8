import type { AuditCookie } from '../driver';

// AuditCookie <-> the Chrome DevTools Protocol's cookie (Storage.getCookies, Storage.setCookies), the one place
// for Chromium driven through chromedriver, whose plain-HTTP CDP endpoint works through a grid too.

export interface CdpCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  expires: number;
  session: boolean;
  httpOnly: boolean;
  secure: boolean;
  sameSite?: 'Strict' | 'Lax' | 'None';
}

export function fromCdpCookie(c: CdpCookie): AuditCookie {
  return {
    name: c.name,
    value: c.value,
    domain: c.domain,
    path: c.path,
    expires: c.session ? -1 : c.expires,
    httpOnly: c.httpOnly,
    secure: c.secure,
    sameSite: c.sameSite ?? 'unset',
  };
}

/** For Storage.setCookies: a session cookie has no expires; no SameSite leaves the browser's default. */
export function toCdpCookie(c: AuditCookie): Record<string, unknown> {
  return {
    name: c.name,
    value: c.value,
    domain: c.domain,
    path: c.path,
    httpOnly: c.httpOnly,
    secure: c.secure,
    ...(c.expires >= 0 ? { expires: c.expires } : {}),
    ...(c.sameSite === 'unset' ? {} : { sameSite: c.sameSite }),
  };
}
