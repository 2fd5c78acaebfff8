import type { AuditDriver, SeleniumDriverSpec } from '../driver';
import { IeDriver, ieRunNotPossible } from './ie-driver';
import { SeleniumChromiumDriver } from './selenium-chromium';

// The selenium-webdriver drivers, chosen from the spec: Chromium through chromedriver (on this machine, or on
// a grid node when the spec names a grid), IE11 and Edge IE mode through IEDriverServer on a Windows grid node.
// Debian's WebKitGTK has a driver of its own (drivers/webkitgtk/).

export { ieRunNotPossible };
// Under the names the suites and grid/start-grid.ts know them by.
export { findChromedriver } from './local-chromedriver';
export { SeleniumChromiumDriver as SeleniumDriver } from './selenium-chromium';

export function createSeleniumDriver(spec: SeleniumDriverSpec): AuditDriver {
  return spec.browser === 'chromium' ? new SeleniumChromiumDriver(spec) : new IeDriver(spec);
}
