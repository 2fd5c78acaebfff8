import type { AuditBrowser } from './browser-record';
import type { DriverMachine } from './driver';
import { gridBrowserNames } from './webdriver/grid-node';
import { InputError } from '../errors/audit-error';

/**
 * Finds every binary an audit browser needs before any scenario starts (its record's preflight), so a missing
 * browser is one clear message (with the packages to install) rather than a broken verdict per scenario. Throws
 * that message. `machine`: the settings' grid and binaries (audit/settings.ts), as the runs will get them.
 */
export function requireBrowser(browser: AuditBrowser, machine: DriverMachine = {}): void {
  browser.preflight(machine);
}

/**
 * Asks the grid whether a node offers each Selenium browser of the audit, so a grid without (say) a Windows node
 * is one clear message rather than every scenario waiting out the grid's session queue and going broken.
 */
export async function requireGridSlots(gridUrl: string, browsers: AuditBrowser[]): Promise<void> {
  const wanted = browsers.filter((b) => b.gridBrowserName);
  if (wanted.length === 0) return;
  const offered = await gridBrowserNames(gridUrl);
  for (const browser of wanted) {
    if (offered.includes(browser.gridBrowserName ?? '')) continue;
    const has = offered.length > 0 ? offered.join(', ') : 'nothing (no node is UP)';
    const fix = browser.gridOnly ? 'add a Windows node: docs/windows-grid.md' : 'add a node with that browser (npm run grid starts a Chromium one here)';
    throw new InputError(`the grid at ${gridUrl} offers no "${browser.gridBrowserName}" slot for ${browser.id} (it offers: ${has}): ${fix}`);
  }
}
