import type { Page } from 'playwright-core';

// Bounded waits of `init` on a page it does not know: each ends as soon as its condition holds, and at its bound
// at the latest (a portal that keeps polling never goes network-idle).

/** How long a page may take to load and go quiet, or to show a field: an identity provider's redirects included. */
export const PAGE_MS = 30_000;

/** The page has loaded, its URL has stopped changing for a second (redirect chains, auto-submitted forms), and the network is idle. */
export async function settle(page: Page, maxMs = 15_000): Promise<void> {
  const end = Date.now() + maxMs;
  let url = page.url();
  let stableSince = Date.now();
  while (Date.now() < end) {
    await page.waitForLoadState('load', { timeout: Math.max(1, end - Date.now()) }).catch(() => undefined);
    await page.waitForLoadState('networkidle', { timeout: Math.max(1, Math.min(5_000, end - Date.now())) }).catch(() => undefined);
    if (page.url() !== url) {
      url = page.url();
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= 1_000) {
      return;
    }
    // A poll of the URL, not a sleep: the loop ends as soon as it has held for a second.
    await page.waitForTimeout(200);
  }
}

/** Whether the visible elements matching `selector` reach `state` within `ms`: one shows, or none is left (the login form gone after submit). */
async function reaches(page: Page, selector: string, state: 'visible' | 'detached', ms: number): Promise<boolean> {
  try {
    // Playwright reads a timeout of 0 as "no timeout": a look now is 1 ms.
    await page.locator(selector).filter({ visible: true }).first().waitFor({ state, timeout: Math.max(1, ms) });
    return true;
  } catch {
    return false;
  }
}

export const showsWithin = (page: Page, selector: string, ms: number) => reaches(page, selector, 'visible', ms);
export const goneWithin = (page: Page, selector: string, ms: number) => reaches(page, selector, 'detached', ms);
