import type { BrowserRecord } from '../../browser-record';
import { findChromium } from '../../browsers';
import type { PlaywrightDriverSpec } from '../../driver';
import { IsolatedContexts } from '../isolated-contexts';
import { PlaywrightChromiumDriver } from '../playwright-chromium';
import { PLAYWRIGHT_CAPABILITIES } from '../playwright-driver';

/** Chromium through Playwright, on a profile of its own on this machine; probes are contexts of one probe browser. */
export const chromiumBrowser: BrowserRecord<PlaywrightDriverSpec> = {
  id: 'chromium',
  backend: 'playwright',
  browser: 'chromium',
  description: "Chromium through Playwright (Playwright's own build, else Debian's)",
  // scripts/setup.sh always installs Chromium: no setup flag. findChromium's error names the packages.
  preflight: ({ executables }) => void findChromium(executables),
  capabilities: () => PLAYWRIGHT_CAPABILITIES,
  create: (spec, options) => new PlaywrightChromiumDriver(spec, options),
  probes: (spec, options) => new IsolatedContexts(spec, options),
};
