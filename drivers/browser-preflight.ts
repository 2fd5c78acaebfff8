import type { AuditBrowser } from './audit-browsers';
import type { DriverMachine } from './driver';
import { findChromium } from './browsers';
import { gridBrowserNames } from './webdriver/grid-node';
import { findFirefox } from './playwright/playwright-firefox';
import { findChromedriver } from './webdriver/local-chromedriver';
import { findMiniBrowser, findWebKitWebDriver } from './webkitgtk/webkitgtk-binaries';
import { InputError } from '../errors/audit-error';

/**
 * Finds every binary an audit browser needs before any scenario starts, so a missing browser is one clear
 * message (with the packages to install) rather than a broken verdict per scenario. Throws that message.
 * `machine`: the settings' grid and binaries (audit/settings.ts), as the runs will get them.
 */
export function requireBrowser(browser: AuditBrowser, machine: DriverMachine = {}): void {
  const executables = machine.executables ?? {};
  switch (browser.browser) {
    case 'chromium':
      // Through a grid the node has its own Chromium and chromedriver (requireGridSlots asks for them).
      if (browser.backend === 'selenium' && machine.gridUrl) return;
      findChromium(executables);
      if (browser.backend === 'selenium') findChromedriver(executables);
      return;
    case 'firefox':
      findFirefox(executables);
      return;
    case 'webkitgtk':
      findWebKitWebDriver(executables);
      findMiniBrowser(executables);
      return;
    default:
      // Windows-only browsers: on a grid node (requireGridSlots), never on this machine.
      if (browser.gridOnly && !machine.gridUrl) {
        throw new InputError(`${browser.id} runs only on a Windows grid node: pass --grid URL of a grid that has one (docs/windows-grid.md)`);
      }
      return;
  }
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
