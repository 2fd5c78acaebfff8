import type { BrowserContext, Cookie } from 'playwright-core';
import type { AuditCookie } from '../driver';

// AuditCookie <-> Playwright's cookie, the one place for every Playwright-driven browser.

type PlaywrightCookieParam = Parameters<BrowserContext['addCookies']>[0][number];

export function fromPlaywrightCookie(c: Cookie): AuditCookie {
  return {
    name: c.name,
    value: c.value,
    domain: c.domain,
    path: c.path,
    expires: c.expires,
    httpOnly: c.httpOnly,
    secure: c.secure,
    sameSite: c.sameSite ?? 'unset',
  };
}

export function toPlaywrightCookie(c: AuditCookie): PlaywrightCookieParam {
  const { sameSite, ...rest } = c;
  // No SameSite attribute: the browser's own default applies, as when the server set none.
  return { ...rest, ...(sameSite === 'unset' ? {} : { sameSite }) };
}
