import type { AuditDriver, PageObservation, PageSignal } from '../../drivers/driver';
import type { PageSignalSpec, Target } from '../../targets/target';

/** How long a page may take to settle (redirect chains through an identity provider, auto-submitted forms). */
export const SETTLE_MS = 10_000;

/**
 * How long a page may take to show a sign it is awaited to show (the login form, the personal data, the logout
 * confirmation): a heavy single-page app (an editor of a few MB of scripts) boots for many seconds on a loaded
 * machine. A bound, not a wait: every wait on it ends as soon as the sign shows, so only a page that never
 * shows it pays the whole bound; a shorter one would make a verdict depend on the machine's speed.
 */
export const SIGNAL_MS = 45_000;

export function toSignal(spec: PageSignalSpec): PageSignal {
  return {
    ...(spec.selector ? { selector: spec.selector } : {}),
    ...(spec.urlPattern ? { urlPattern: new RegExp(spec.urlPattern) } : {}),
    ...(spec.text ? { text: spec.text } : {}),
  };
}

export type PageKind = 'logged-in' | 'login-required';

/**
 * How long a page must stay quiet (no request in flight, DOM unchanged) to count as settled. Short, because
 * every visit pays it once; long enough that a data call a page starts once its shell is shown has begun
 * (Playwright's own "network idle" waits the same 500 ms).
 */
export const QUIET_MS = 500;

/**
 * What the browser shows once the page has settled: the personal-data marker (logged in) or the login form
 * (login required). Personal data seen at any moment of the observation wins, whatever came first or last: a
 * single-page app may show its login form at once and the user's records when its data call returns, or the
 * records from a cache before its data call sends it to the login. null when it is neither: an error page, a
 * changed portal, a wrong target file. The caller decides; this never guesses.
 */
export async function recognisePage(driver: AuditDriver, target: Target): Promise<PageKind | null> {
  // Bounded by SETTLE_MS: a page that keeps changing (a ticking clock, polling) is judged from what it showed.
  // Personal data seen decides at once (nothing after it changes the judgement): a visit while logged in, the
  // controls' case, pays no quiet window.
  const observation = await driver.observe(
    { 'logged-in': toSignal(target.loggedIn), 'login-required': toSignal(target.loginRequired) },
    { quietMs: QUIET_MS, maxMs: SETTLE_MS, firstSignalMs: SIGNAL_MS, endOn: 'logged-in' },
  );
  return pageKindOf(observation);
}

/**
 * The judgement of one observation, fail-closed when the page never settled: personal data seen at all is
 * logged-in; the login form counts only when it still holds at the end, because a form that came and went
 * says nothing about what the page turned into; neither is null (undecided), never a pass.
 */
export function pageKindOf(observation: PageObservation): PageKind | null {
  if (observation.seen.includes('logged-in')) return 'logged-in';
  return observation.last === 'login-required' ? 'login-required' : null;
}
