import type { AuditDriver } from '../../drivers/driver';
import type { Target } from '../../targets/target';
import { BrokenError } from '../verdict';
import { SIGNAL_MS } from './page-kind';

// Real portals keep the logout control and the user's name in a menu behind the user's avatar or name. The
// target names it once (target.userMenu); logout, "log out everywhere" and the look for a previous user's name
// all open it the same way.
//
// Opened by a click, not a hover: Playwright and WebDriver move the pointer onto an element before pressing
// it, so a menu that opens on hover opens on that click too (and stays open while the pointer rests there),
// and a menu that opens on click needs the click. A hover() in every backend would buy nothing more. A menu
// that opens on hover and toggles shut on the click shows no panel, which is said (broken), never guessed.

/**
 * Opens the user's menu when its opener is on the page, and waits until its panel shows. Returns whether it
 * was opened: false when the target declares no menu or the page shows no opener (a logged-out page has
 * none), so the caller reads the page as it is.
 */
export async function openUserMenu(driver: AuditDriver, target: Target): Promise<boolean> {
  const menu = target.userMenu;
  if (!menu) return false;
  // Already open, or no opener on this page: a look now, not a wait (the page has settled before this is called).
  const now = await driver.waitForAny({ panel: { selector: menu.panel }, opener: { selector: menu.open } }, 0);
  if (now === 'panel') return true;
  if (now !== 'opener') return false;
  await driver.click(menu.open);
  // SIGNAL_MS: a menu that fetches its items (a single-page app's) may take a request to show them.
  if ((await driver.waitForAny({ panel: { selector: menu.panel } }, SIGNAL_MS)) === null) {
    throw new BrokenError('PAGE_UNRECOGNISED', `clicking the user menu ${menu.open} did not show its panel ${menu.panel}: check the target's userMenu`);
  }
  return true;
}

/** Clicks a control (logout, "log out everywhere") that may sit in the user's menu: opened first when the control is not visible. */
export async function clickThroughUserMenu(driver: AuditDriver, target: Target, control: string): Promise<void> {
  if (target.userMenu && (await driver.waitForAny({ control: { selector: control } }, 0)) === null) await openUserMenu(driver, target);
  await driver.click(control);
}
