import type { AuditDriver, PageSignal } from '../../drivers/driver';
import type { PageSignalSpec, Target } from '../../targets/target';

/** How long a page may take to settle (redirect chains through an identity provider, auto-submitted forms). */
export const SETTLE_MS = 10_000;

export function toSignal(spec: PageSignalSpec): PageSignal {
  return {
    ...(spec.selector ? { selector: spec.selector } : {}),
    ...(spec.urlPattern ? { urlPattern: new RegExp(spec.urlPattern) } : {}),
    ...(spec.text ? { text: spec.text } : {}),
  };
}

export type PageKind = 'logged-in' | 'login-required';

/**
 * What the browser shows: the personal-data marker (logged in) or the login form (login required).
 * null when it is neither within the settle time: an error page, a changed portal, a wrong target file.
 * The caller decides; this never guesses.
 */
export async function recognisePage(driver: AuditDriver, target: Target): Promise<PageKind | null> {
  const kind = await driver.waitForAny(
    { 'logged-in': toSignal(target.loggedIn), 'login-required': toSignal(target.loginRequired) },
    SETTLE_MS,
  );
  return kind as PageKind | null;
}
