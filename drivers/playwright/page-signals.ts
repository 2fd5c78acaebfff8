import type { Page } from 'playwright-core';
import type { PageSignal } from '../driver';

/** Whether the page shows the signal now (every field that is set must hold; a signal with none never holds). */
export async function holds(page: Page, signal: PageSignal): Promise<boolean> {
  try {
    if (signal.urlPattern && !signal.urlPattern.test(page.url())) return false;
    if (signal.selector && !(await page.locator(signal.selector).first().isVisible())) return false;
    if (signal.text && !(await page.getByText(signal.text).first().isVisible())) return false;
    return Boolean(signal.urlPattern || signal.selector || signal.text);
  } catch {
    return false; // the page navigated while we looked
  }
}
