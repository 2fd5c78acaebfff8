import type { BrowserRecord } from '../../browser-record';
import type { PlaywrightDriverSpec } from '../../driver';
import { IsolatedContexts } from '../isolated-contexts';
import { PLAYWRIGHT_CAPABILITIES } from '../playwright-driver';
import { findFirefox, FirefoxDriver } from '../playwright-firefox';

/** Debian's Firefox ESR through Playwright over WebDriver BiDi, on a profile of its own on this machine. */
export const firefoxBrowser: BrowserRecord<PlaywrightDriverSpec> = {
  id: 'firefox',
  backend: 'playwright',
  browser: 'firefox',
  description: 'Firefox ESR through Playwright over WebDriver BiDi',
  timeoutFactor: 2,
  setupFlag: '--with-firefox',
  // findFirefox's error names the package (firefox-esr) and AUDIT_FIREFOX_PATH.
  preflight: ({ executables }) => void findFirefox(executables),
  capabilities: () => PLAYWRIGHT_CAPABILITIES,
  create: (spec, options) => new FirefoxDriver({ ...spec, browser: 'firefox' }, options),
  probes: (spec, options) => new IsolatedContexts(spec, options),
};
