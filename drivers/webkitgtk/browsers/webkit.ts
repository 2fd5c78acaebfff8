import type { BrowserRecord } from '../../browser-record';
import type { SeleniumDriverSpec } from '../../driver';
import { WEBKITGTK_CAPABILITIES, WebKitGtkDriver } from '../webkitgtk';
import { findMiniBrowser, findWebKitWebDriver } from '../webkitgtk-binaries';

/**
 * WebKit is Debian's WebKitGTK through WebKitWebDriver (webkit2gtk-driver), what this machine kind has.
 * Playwright's own WebKit build is not used even where installed: no driver for it is built yet, because it
 * cannot be installed (downloaded) here, and code that never ran is not shipped as a browser under audit.
 */
export const webkitBrowser: BrowserRecord<SeleniumDriverSpec> = {
  id: 'webkit',
  backend: 'selenium',
  browser: 'webkitgtk',
  description: 'WebKitGTK MiniBrowser through WebKitWebDriver (in-session scenarios: its automation sessions keep no profile)',
  timeoutFactor: 2,
  setupFlag: '--with-webkit',
  // Their errors name the packages (webkit2gtk-driver, xvfb) and the AUDIT_* paths.
  preflight: ({ executables }) => {
    findWebKitWebDriver(executables);
    findMiniBrowser(executables);
  },
  capabilities: () => WEBKITGTK_CAPABILITIES,
  create: (spec, options) => new WebKitGtkDriver(spec, options),
};
