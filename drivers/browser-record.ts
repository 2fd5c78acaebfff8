import type { AuditDriver, DriverCapabilities, DriverMachine, DriverOptions, DriverSpec, PlaywrightDriverSpec, ProbeSource, SeleniumDriverSpec } from './driver';

// Everything the harness knows of one browser, in one record under its backend's folder
// (drivers/<engine>/browsers/<id>.ts): what --browsers calls it, how its binaries are found and which packages
// install them, what its driver can do, and how its driver and its probes are made. The composition root
// (drivers/audit-browsers.ts) lists the records; nothing outside a backend's folder asks a browser's name.

/** One browser an audit can name, driven by one backend. `S`: the spec its backend takes. */
export interface BrowserRecord<S extends DriverSpec = DriverSpec> {
  /** The CLI name (`--browsers`, AUDIT_BROWSERS), and the project name after `audit:` and `conformance:`. */
  id: string;
  backend: S['backend'];
  browser: S['browser'];
  /** One line for --help and the report. */
  description: string;
  /** Exists only on a grid node (a Windows machine): needs --grid. */
  gridOnly?: true;
  /** The W3C browserName a grid node's slot must offer to run it (selenium backend). */
  gridBrowserName?: string;
  /**
   * How many times Chromium's time a scenario in it may take before the runner takes it for a hung browser
   * (playwright.config.ts): engines slower to start than Chromium get 2. Absent: 1.
   */
  timeoutFactor?: number;
  /** The scripts/setup.sh flag that installs what it needs beyond Chromium (which setup always ensures). */
  setupFlag?: string;
  /**
   * What renders its runs, in words for reports, where the browser's name does not say it: an IE result must
   * say plainly that a real IE gave it (issue #5). Absent: the browser's name.
   */
  realEngine?: string;
  /**
   * Finds every binary it needs on `machine` (the settings' grid and binaries, audit/settings.ts) before any
   * scenario starts, and throws one clear message saying which packages to install when one is missing.
   */
  preflight(machine: DriverMachine): void;
  /** What its driver of `spec` can do, known before any browser starts (a scenario needing more is skipped). */
  capabilities(spec: S): DriverCapabilities;
  /** A run its driver cannot make as asked (a persona, a preset), with the reason; undefined when it can. */
  impossibleRun?(spec: S): string | undefined;
  /** Its driver, not launched yet. */
  create(spec: S, options: DriverOptions): AuditDriver;
  /** Where a run's probes come from; absent: a new driver on a fresh-default profile for each. */
  probes?(spec: S, options: DriverOptions): ProbeSource;
}

/** A browser an audit can name: a record of either backend, as the composition root lists them. */
export type AuditBrowser = BrowserRecord<PlaywrightDriverSpec> | BrowserRecord<SeleniumDriverSpec>;
