import type { DriverOptions, SeleniumDriverSpec } from '../driver';
import { IeDriver, ieRunNotPossible } from './ie-driver';
import { SeleniumChromiumDriver } from './selenium-chromium';
import type { SeleniumSession } from './selenium-session';

// The selenium-webdriver drivers, chosen from the spec: Chromium through chromedriver (on this machine, or on
// a grid node when the spec names a grid), IE11 and Edge IE mode through IEDriverServer on a Windows grid node.
// Debian's WebKitGTK has a driver of its own (drivers/webkitgtk/).

export { ieRunNotPossible };
export { findChromedriver } from './local-chromedriver';

export function createSeleniumDriver(spec: SeleniumDriverSpec, options: DriverOptions = {}): SeleniumSession {
  return spec.browser === 'chromium' ? new SeleniumChromiumDriver(spec, options) : new IeDriver(spec, options);
}

/** Any selenium-webdriver driver (Chromium local or on a grid, IE11, Edge IE mode). */
export type SeleniumDriver = SeleniumSession;

/**
 * `new SeleniumDriver(spec)`, as docs/windows-grid.md and the suites write it, gives the driver for the spec's
 * browser: a constructor that returns an object makes `new` give that object.
 */
export const SeleniumDriver = function SeleniumDriver(spec: SeleniumDriverSpec): SeleniumSession {
  return createSeleniumDriver(spec);
} as unknown as new (spec: SeleniumDriverSpec) => SeleniumSession;
