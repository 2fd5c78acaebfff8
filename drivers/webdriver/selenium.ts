import type { DriverOptions, SeleniumDriverSpec } from '../driver';
import { IeDriver } from './ie-driver';
import { SeleniumChromiumDriver } from './selenium-chromium';
import type { SeleniumSession } from './selenium-session';

// The selenium-webdriver drivers, chosen from the spec: Chromium through chromedriver (on this machine, or on
// a grid node when the spec names a grid), IE11 and Edge IE mode through IEDriverServer on a Windows grid node.
// Debian's WebKitGTK has a driver of its own (drivers/webkitgtk/).

export function createSeleniumDriver(spec: SeleniumDriverSpec, options: DriverOptions = {}): SeleniumSession {
  return spec.browser === 'chromium' ? new SeleniumChromiumDriver(spec, options) : new IeDriver(spec, options);
}
