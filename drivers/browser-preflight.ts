import type { AuditBrowser } from './audit-browsers';
import { findChromium } from './browsers';
import { findFirefox } from './firefox';
import { findChromedriver } from './selenium';
import { findMiniBrowser, findWebKitWebDriver } from './webkitgtk-binaries';

/**
 * Finds every binary an audit browser needs before any scenario starts, so a missing browser is one clear
 * message (with the packages to install) rather than a broken verdict per scenario. Throws that message.
 */
export function requireBrowser(browser: AuditBrowser, env: NodeJS.ProcessEnv = process.env): void {
  switch (browser.browser) {
    case 'chromium':
      findChromium(env);
      // Through a grid the node has its own chromedriver.
      if (browser.backend === 'selenium' && !env.SELENIUM_REMOTE_URL) findChromedriver(env);
      return;
    case 'firefox':
      findFirefox(env);
      return;
    case 'webkitgtk':
      findWebKitWebDriver(env);
      findMiniBrowser(env);
      return;
    default:
      return; // Playwright's WebKit (found by audit-browsers.ts) and Windows-only browsers on a grid node
  }
}
