import type { IWebDriverOptionsCookie } from 'selenium-webdriver';
import type { AuditCookie } from '../driver';

// AuditCookie <-> classic WebDriver's cookie (Get All Cookies, Add Cookie), the one place for every
// classic-WebDriver backend (IEDriverServer, WebKitWebDriver).

/** A cookie as Get All Cookies lists it; `at` is the current document's URL (whose host a cookie without a domain has). */
export function fromWebDriverCookie(c: IWebDriverOptionsCookie, at: string): AuditCookie {
  return {
    name: c.name,
    value: c.value,
    domain: c.domain ?? new URL(at).hostname,
    path: c.path ?? '/',
    expires: typeof c.expiry === 'number' ? c.expiry : c.expiry instanceof Date ? c.expiry.getTime() / 1000 : -1,
    httpOnly: c.httpOnly ?? false,
    secure: c.secure ?? false,
    sameSite: (c.sameSite as AuditCookie['sameSite'] | undefined) ?? 'unset',
  };
}

/**
 * A cookie for Add Cookie, sent from a page of the cookie's own host: without a Domain when it was host-only,
 * so it comes back host-only (WebKitWebDriver would turn an explicit `localhost` into the domain cookie
 * `.localhost`).
 */
export function toWebDriverCookie(c: AuditCookie): IWebDriverOptionsCookie {
  return {
    name: c.name,
    value: c.value,
    path: c.path,
    httpOnly: c.httpOnly,
    secure: c.secure,
    ...(c.domain.startsWith('.') ? { domain: c.domain } : {}),
    ...(c.expires >= 0 ? { expiry: Math.floor(c.expires) } : {}),
    // WebKit reports a cookie without SameSite as 'None' (its default is no restriction), and WebDriver
    // refuses SameSite=None without Secure: such a cookie is added as it came, without the attribute.
    ...(c.sameSite === 'unset' || (c.sameSite === 'None' && !c.secure) ? {} : { sameSite: c.sameSite }),
  };
}
