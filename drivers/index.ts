import type { AuditDriver, BrowserProfile, DriverCapabilities, DriverMachine, DriverOptions, DriverSpec, Persona, ProbeSource } from './driver';
import { browserFor, browserRecordOf } from './audit-browsers';

// What the CLI and the loopback grid need of an engine, named here: only this composition root (with the browser
// list, audit-browsers.ts, and the grid check in browser-preflight.ts) imports an engine folder, a lint rule in
// eslint.config.mjs.
export { probeProfilesOfRun } from './playwright/isolated-contexts';
export { NODE_CAPABILITY } from './webdriver/grid-node';
export { findChromedriver } from './webdriver/local-chromedriver';

/**
 * The spec for a project's backend and browser on `machine` (the settings' grid and binaries, audit/settings.ts).
 * Selenium goes through `machine.gridUrl` when given (SELENIUM_REMOTE_URL, the CLI's --grid), and runs
 * chromedriver on this machine otherwise. An InputError where no browser record has that backend and browser.
 */
export function driverSpecFor(
  backend: DriverSpec['backend'],
  browser: DriverSpec['browser'],
  profile: BrowserProfile,
  persona: Persona,
  machine: DriverMachine = {},
): DriverSpec {
  const record = browserRecordOf(backend, browser);
  const executables = machine.executables ? { executables: machine.executables } : {};
  if (record.backend === 'selenium') {
    return { backend: 'selenium', browser: record.browser, profile, persona, ...executables, ...(machine.gridUrl ? { gridUrl: machine.gridUrl } : {}) };
  }
  return { backend: 'playwright', browser: record.browser, profile, persona, ...executables };
}

/**
 * One place that turns a spec into a driver (its browser's record says how), so suites and the CLI never name
 * an implementation. `options` carries the run's redactor (the audit runner's); tests and benches may leave it
 * out (pattern-only masking).
 */
export function createDriver(spec: DriverSpec, options: DriverOptions = {}): AuditDriver {
  return browserFor(spec).create(options);
}

/**
 * Where a run of this spec gets its probes: what its browser's record says (new contexts of one probe browser
 * for Playwright's Chromium and Firefox, drivers/playwright/isolated-contexts.ts); elsewhere (WebDriver has no
 * such context) a new browser on a new profile with browser defaults for each.
 */
export function createProbeSource(spec: DriverSpec, options: DriverOptions = {}): ProbeSource {
  return browserFor(spec).probes(options);
}

/** The same probes, each passed through `wrap` (a test's driver that drops what a control needs). */
export function wrappedProbes(source: ProbeSource, wrap?: (driver: AuditDriver) => AuditDriver): ProbeSource {
  if (!wrap) return source;
  return { next: () => wrap(source.next()), close: () => source.close() };
}

/** A run this spec's driver cannot make as asked (a persona, a preset), with the reason; undefined when it can. */
export function impossibleRun(spec: DriverSpec): string | undefined {
  return browserFor(spec).impossibleRun();
}

/** What this spec's driver can do, known before any driver is made or browser started (the plan's skips). */
export function capabilitiesOf(spec: DriverSpec): DriverCapabilities {
  return browserFor(spec).capabilities();
}

/** The driver's name as its `name` says it (`selenium:chromium@grid`), for results of runs that never started. */
export function driverName(spec: DriverSpec): string {
  return `${spec.backend}:${spec.browser}${spec.backend === 'selenium' && spec.gridUrl ? '@grid' : ''}`;
}
