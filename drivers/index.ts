import type { AuditDriver, BrowserProfile, DriverMachine, DriverOptions, DriverSpec, Persona, ProbeSource } from './driver';
import { IsolatedContexts } from './playwright/isolated-contexts';
import { FirefoxDriver } from './playwright/playwright-firefox';
import { PlaywrightChromiumDriver } from './playwright/playwright-chromium';
import { createSeleniumDriver } from './webdriver/selenium';
import { ieRunNotPossible } from './webdriver/ie-driver';
import { WebKitGtkDriver } from './webkitgtk/webkitgtk';
import { InputError } from '../errors/audit-error';

export type { AuditDriver, DriverOptions, DriverSpec, ProbeSource } from './driver';
// What the CLI and the loopback grid need of an engine, named here: only this composition root (and the browser
// checks in browser-preflight.ts) imports an engine folder, a lint rule in eslint.config.mjs.
export { probeProfilesOfRun } from './playwright/isolated-contexts';
export { NODE_CAPABILITY } from './webdriver/grid-node';
export { findChromedriver } from './webdriver/local-chromedriver';

/**
 * The spec for a project's backend and browser on `machine` (the settings' grid and binaries, audit/settings.ts).
 * Selenium goes through `machine.gridUrl` when given (SELENIUM_REMOTE_URL, the CLI's --grid), and runs
 * chromedriver on this machine otherwise.
 */
export function driverSpecFor(
  backend: DriverSpec['backend'],
  browser: DriverSpec['browser'],
  profile: BrowserProfile,
  persona: Persona,
  machine: DriverMachine = {},
): DriverSpec {
  const executables = machine.executables ? { executables: machine.executables } : {};
  if (backend === 'selenium') {
    if (browser === 'firefox') {
      // Playwright drives it; Selenium's WebKit here is WebKitGTK (browser 'webkitgtk').
      throw new InputError(`the selenium backend has no ${browser} here: use --browsers ${browser}`);
    }
    return { backend, browser, profile, persona, ...executables, ...(machine.gridUrl ? { gridUrl: machine.gridUrl } : {}) };
  }
  if (browser !== 'chromium' && browser !== 'firefox') {
    throw new InputError(`the playwright backend drives chromium and firefox, not ${browser}`);
  }
  return { backend, browser, profile, persona, ...executables };
}

/**
 * One place that turns a spec into a driver, so suites and the CLI never name an implementation. `options`
 * carries the run's redactor (the audit runner's); tests and benches may leave it out (pattern-only masking).
 */
export function createDriver(spec: DriverSpec, options: DriverOptions = {}): AuditDriver {
  switch (spec.backend) {
    case 'playwright':
      return spec.browser === 'firefox' ? new FirefoxDriver({ ...spec, browser: 'firefox' }, options) : new PlaywrightChromiumDriver(spec, options);
    case 'selenium':
      // Debian's WebKitGTK is its own driver (WebKitWebDriver, a recording proxy, Xvfb); chromedriver and IE
      // share the selenium-webdriver session (drivers/webdriver/selenium.ts).
      return spec.browser === 'webkitgtk' ? new WebKitGtkDriver(spec, options) : createSeleniumDriver(spec, options);
  }
}

/**
 * Where a run of this spec gets its probes: new contexts of one probe browser for Playwright's Chromium and
 * Firefox (drivers/playwright/isolated-contexts.ts); elsewhere (WebDriver has no such context) a new browser
 * on a new profile with browser defaults for each.
 */
export function createProbeSource(spec: DriverSpec, options: DriverOptions = {}): ProbeSource {
  if (spec.backend === 'playwright' && (spec.browser === 'chromium' || spec.browser === 'firefox')) return new IsolatedContexts(spec, options);
  return { next: () => createDriver({ ...spec, profile: 'fresh-default' }, options), close: async () => undefined };
}

/** The same probes, each passed through `wrap` (a test's driver that drops what a control needs). */
export function wrappedProbes(source: ProbeSource, wrap?: (driver: AuditDriver) => AuditDriver): ProbeSource {
  if (!wrap) return source;
  return { next: () => wrap(source.next()), close: () => source.close() };
}

/** A run this spec's driver cannot make as asked, with the reason; undefined when it can. */
export function impossibleRun(spec: DriverSpec): string | undefined {
  return spec.backend === 'selenium' ? ieRunNotPossible(spec) : undefined;
}

/** The driver's name as its `name` says it (`selenium:chromium@grid`), for results of runs that never started. */
export function driverName(spec: DriverSpec): string {
  return `${spec.backend}:${spec.browser}${spec.backend === 'selenium' && spec.gridUrl ? '@grid' : ''}`;
}
