import type { SignalValue } from './found-target';
import type { Candidate } from './page-probe';

// Which element `init` names as the logged-in signal and which as the logout confirmation, from the elements
// the probe listed (page-probe.ts). Plain functions of what was seen, so the choice is tested without a browser.

const PERSONAL = /personal|private|journal|record|account|profile|user|greeting|welcome|dashboard|data|inbox|mina|konto/i;

/**
 * The element that best marks a page as this user's: shown after login, not seen by a browser without the
 * login, holding the user's name where one does, a named section over a page-wide wrapper. A wrapper holding
 * the page's controls (header, navigation) or the logout control itself is a weak sign: a logged-out page of
 * the same layout may show it too once the portal changes.
 */
export function pickLoggedIn(view: Candidate[], anonymousSees: Set<string>, username: string, logoutControls: string[]): { selector: string; why: string } | undefined {
  const own = view.filter((c) => !anonymousSees.has(c.selector) && !logoutControls.includes(c.selector) && !c.loggedOutWords);
  const name = username.length >= 3 ? username.toLowerCase() : undefined;
  const score = (c: Candidate): number =>
    (name && c.text.toLowerCase().includes(name) ? 100 : 0) +
    (c.named ? 20 : 0) +
    (PERSONAL.test(c.selector) ? 30 : 0) +
    (['section', 'main', 'article'].includes(c.tag) ? 10 : 0) +
    (['h1', 'h2'].includes(c.tag) ? 5 : 0) -
    (c.holdsControls && c.length > 500 ? 30 : 0) -
    (c.length > 3000 ? 40 : 0);
  const best = own.map((c) => ({ c, s: score(c) })).sort((a, b) => b.s - a.s)[0];
  if (!best) {
    const control = logoutControls[0];
    return control ? { selector: control, why: `no element of the user's own was found; the logout control ${control}, shown only while logged in (TODO: name an element holding the user's data)` } : undefined;
  }
  const { c } = best;
  const holdsName = name !== undefined && c.text.toLowerCase().includes(name);
  return { selector: c.selector, why: `<${c.tag}> "${c.text.slice(0, 50)}"${holdsName ? ", which holds the user's name," : ''} shows` };
}

/**
 * What the page says once logout has finished, in this order: an element with "logged out" words new since the
 * logged-in page; the login form (the password field, or the control that opens the login dialog); a URL of
 * its own. undefined when the page shows none of them.
 */
export function pickLoggedOut(
  view: Candidate[],
  loggedInSelectors: Set<string>,
  passwordField: string | null,
  dialogOpener: string | null,
  path: string,
  protectedPath: string,
): { signal: SignalValue; why: string } | undefined {
  const words = view.filter((c) => c.loggedOutWords && !loggedInSelectors.has(c.selector) && !c.holdsControls).sort((a, b) => Number(b.named) - Number(a.named) || a.length - b.length)[0];
  if (words) return { signal: { selector: words.selector }, why: `<${words.tag}> "${words.text.slice(0, 50)}" (logged-out words) shows` };
  if (passwordField) return { signal: { selector: passwordField }, why: 'the login form (its password field) shows' };
  if (dialogOpener) return { signal: { selector: dialogOpener }, why: 'the control that opens the login dialog shows' };
  const pathOnly = path.split('?')[0] ?? path;
  if (pathOnly !== protectedPath.split('?')[0]) return { signal: { urlPattern: `${pathOnly.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\?|$)` }, why: `the browser is sent to ${pathOnly}` };
  return undefined;
}
