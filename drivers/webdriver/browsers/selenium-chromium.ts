import type { BrowserRecord } from '../../browser-record';
import { findChromium } from '../../browsers';
import type { SeleniumDriverSpec } from '../../driver';
import { findChromedriver } from '../local-chromedriver';
import { SeleniumChromiumDriver } from '../selenium-chromium';
import { seleniumCapabilities, seleniumDeployment } from '../selenium-deployment';

/** Chromium through chromedriver on this machine, or through a Selenium Grid 4 node with --grid. */
export const seleniumChromiumBrowser: BrowserRecord<SeleniumDriverSpec> = {
  id: 'selenium-chromium',
  backend: 'selenium',
  browser: 'chromium',
  gridBrowserName: 'chrome',
  description: 'Chromium through Selenium WebDriver (chromedriver, or a grid with --grid)',
  preflight: ({ gridUrl, executables }) => {
    // Through a grid the node has its own Chromium and chromedriver (requireGridSlots asks for them).
    if (gridUrl) return;
    findChromium(executables);
    findChromedriver(executables);
  },
  capabilities: (spec) => seleniumCapabilities(spec.browser, seleniumDeployment(spec)),
  create: (spec, options) => new SeleniumChromiumDriver(spec, options),
};
