import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { firefox, type BrowserContext, type LaunchOptions, type Page } from 'playwright-core';
import { AuditError } from '../../errors/audit-error';
import { BrowserNotFoundError, isExecutable } from '../browsers';
import type { AuditCookie, BrowserExecutables, DriverOptions, PlaywrightDriverSpec } from '../driver';
import { childEnv } from '../child-env';
import { FIREFOX_DEFAULTS, parsePrefsJs, PRESET_PREFS, QUIET_PREFS, type PrefValue } from '../profile/firefox-prefs';
import { sessionFileCookies } from '../profile/firefox-session-file';
import { firefoxWebStorageWrittenSince } from '../profile/firefox-web-storage';
import { mtimeMs } from '../profile/file-times';
import { PlaywrightDriver } from './playwright-driver';
import { BROWSER_START_BOUND_MS, delay } from '../wait';

// Firefox through playwright-core 1.64 over WebDriver BiDi (`channel: 'moz-firefox'`), on Debian's firefox-esr.
// Why Playwright and not puppeteer-core: 1.64.1 drives firefox-esr 153 (1.65 does not: it sends
// emulation.setMediaFeaturesOverride, which ESR 153 lacks), it is already the project's dependency, and it gives
// the same API as the Chromium driver (locators, route, all-origin cookies, response headers). Its Firefox
// profile code writes user.js on every launch with automation defaults that are NOT Firefox's
// (browser.startup.page=0, browser.sessionstore.resume_from_crash=false); ours go last in that file and win,
// and launch() reads the prefs back from prefs.js to prove it (docs/findings/drivers-and-tools.md).

const POLL_MS = 50;
// Firefox rewrites prefs.js within a second of starting (measured); past this the check gives up and says so.
const PREFS_WRITE_BOUND_MS = 5_000;

/** The Playwright driver's spec with `browser: 'firefox'`. */
export type FirefoxDriverSpec = PlaywrightDriverSpec & { browser: 'firefox' };

// Debian's ESR first: it is what `apt-get install firefox-esr` gives and what the findings measured.
const SYSTEM_FIREFOX_PATHS = ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/usr/lib/firefox-esr/firefox-esr'];

export interface FirefoxExecutable {
  path: string;
  source: 'AUDIT_FIREFOX_PATH' | 'system';
}

/** Where Firefox is, or undefined: for suites that skip without one. */
export function firefoxPath(executables: BrowserExecutables = {}): string | undefined {
  try {
    return findFirefox(executables).path;
  } catch {
    return undefined;
  }
}

/** The Firefox to drive: `executables.firefox` (AUDIT_FIREFOX_PATH) when given, else the system's. */
export function findFirefox(executables: BrowserExecutables = {}): FirefoxExecutable {
  const override = executables.firefox;
  if (override) {
    if (isExecutable(override)) return { path: override, source: 'AUDIT_FIREFOX_PATH' };
    throw new BrowserNotFoundError(`AUDIT_FIREFOX_PATH=${override} is not an executable file: fix the path or unset it`);
  }
  const system = SYSTEM_FIREFOX_PATHS.find(isExecutable);
  if (system) return { path: system, source: 'system' };
  throw new BrowserNotFoundError(
    'no Firefox found. Install one: on Debian/Ubuntu as root `apt-get install -y firefox-esr`, ' +
      `or point AUDIT_FIREFOX_PATH at a Firefox binary (ESR 153 is what Playwright 1.64 drives). Looked in: ${SYSTEM_FIREFOX_PATHS.join(', ')}`,
  );
}

/** The prefs a Firefox of this spec runs with: quiet network, the profile preset, the persona's User-Agent. */
export function firefoxPrefsFor(spec: Pick<PlaywrightDriverSpec, 'profile' | 'persona'>): Record<string, PrefValue> {
  return {
    ...QUIET_PREFS,
    ...PRESET_PREFS[spec.profile],
    // The persona's User-Agent goes on the wire and into navigator.userAgent, as a real IE11 would send it.
    // A pref rather than Playwright's userAgent option: BiDi emulation of it is not in ESR 153.
    ...(spec.persona.userAgent ? { 'general.useragent.override': spec.persona.userAgent } : {}),
  };
}

/** How the audit starts Firefox, with a profile of its own or as the probe browser (isolated-contexts.ts). */
export function firefoxLaunchOptions(executablePath: string, headless: boolean, prefs: Record<string, PrefValue>, tempDir: string): LaunchOptions {
  return {
    channel: 'moz-firefox',
    executablePath,
    headless,
    firefoxUserPrefs: prefs,
    // The browser's temp files go to a dir of this profile's own, so a "reboot" can wipe them without
    // touching anything else on the machine.
    env: childEnv({ TMPDIR: tempDir }),
    timeout: BROWSER_START_BOUND_MS,
  };
}

export class PrefsNotAppliedError extends AuditError {
  readonly code = 'PREFS_NOT_APPLIED';
}

/**
 * Firefox ESR through playwright-core (WebDriver BiDi) on a persistent profile. A launch is a real browser
 * process on a real profile on disk, so close/relaunch/reboot exercise exactly what a person's browser does.
 */
export class FirefoxDriver extends PlaywrightDriver {
  readonly name = 'playwright:firefox';
  readonly browser = 'firefox';
  // Every PLAYWRIGHT_CAPABILITIES holds: session cookies reach disk only in the session-restore file
  // (sessionstore-backups/recovery.jsonlz4), written about every 15 s while something changed, whose mtime is what
  // cookieStoreWrittenSince watches; response events carry headers and Set-Cookie lines over BiDi, but a tab
  // Firefox itself restores at start is not one of Playwright's pages, so its exchange is not seen
  // (restoredCookies() covers what it sent).
  // Persistent cookies reach cookies.sqlite within about a second of being set, but session cookies (what
  // portals log in with) reach disk only through the session-restore file: that write is the one a power cut
  // can revive, so it is the one waited for. sessionstore.jsonlz4 is written at a clean quit only.
  protected readonly cookieStoreFiles = ['sessionstore-backups/recovery.jsonlz4', 'sessionstore.jsonlz4'];

  private readonly executable: FirefoxExecutable;
  private readonly prefs: Record<string, PrefValue>;
  private restoredAtStart: AuditCookie[] = [];

  constructor(spec: FirefoxDriverSpec, options: DriverOptions = {}) {
    super(spec, options);
    this.executable = findFirefox(spec.executables);
    this.prefs = firefoxPrefsFor(spec);
  }

  get executablePath(): string {
    return this.executable.path;
  }

  /** The prefs this driver writes into the profile (presets, quiet network, persona), for reports and tests. */
  get profilePrefs(): Readonly<Record<string, PrefValue>> {
    return this.prefs;
  }

  protected startContext(): Promise<BrowserContext> {
    // Playwright writes the prefs into user.js before every start; Firefox applies user.js at each start, so
    // the preset holds from the first launch on, exactly as a preference the user set once.
    return firefox.launchPersistentContext(this.dirs.profile, firefoxLaunchOptions(this.executable.path, this.headless, this.prefs, this.dirs.temp));
  }

  // No applyPreset: the preset lives in the prefs Playwright writes to user.js at every start (see startContext).

  /**
   * What the next start restores, read from the file Firefox starts from, by Firefox's rules: after a clean
   * quit only when "Open previous windows and tabs" is on; after a crash (no sessionstore.jsonlz4) whenever
   * crash recovery is on.
   */
  protected override beforeRelaunch(): void {
    const cleanQuit = mtimeMs(join(this.dirs.profile, 'sessionstore.jsonlz4')) > 0;
    const restores = cleanQuit ? this.prefs['browser.startup.page'] === 3 : this.prefs['browser.sessionstore.resume_from_crash'] === true;
    this.restoredAtStart = restores ? sessionFileCookies(this.dirs.profile) : [];
  }

  webStorageWrittenSince(sinceMs: number, value?: string): boolean {
    return firefoxWebStorageWrittenSince(this.dirs.profile, sinceMs, value);
  }

  restoredCookies(): AuditCookie[] {
    return this.restoredAtStart;
  }

  protected override async verifyLaunch(startedMs: number, page: Page): Promise<void> {
    await this.verifyPrefs(startedMs, page);
  }

  /**
   * Proves the prefs are in effect in the running browser, not only written: Firefox saves the values it runs
   * with to prefs.js shortly after start, leaving out those equal to its default. A value there that differs
   * from ours means something (the backend, the Remote Agent) overrode it; the audit would then test another
   * browser than the one it reports.
   */
  private async verifyPrefs(startedMs: number, page: Page): Promise<void> {
    const file = join(this.dirs.profile, 'prefs.js');
    const deadline = Date.now() + PREFS_WRITE_BOUND_MS;
    while (mtimeMs(file) < startedMs && Date.now() < deadline) await delay(POLL_MS);
    if (mtimeMs(file) < startedMs) {
      throw new PrefsNotAppliedError(`firefox did not write ${file} within ${PREFS_WRITE_BOUND_MS / 1000} s of starting: its prefs cannot be checked`);
    }
    const saved = parsePrefsJs(readFileSync(file, 'utf8'));
    const defaults: Record<string, PrefValue> = FIREFOX_DEFAULTS;
    const wrong: string[] = [];
    for (const [name, wanted] of Object.entries(this.prefs)) {
      // Absent from prefs.js = Firefox's default; only where we know that default can absence be judged.
      const actual = name in saved ? saved[name] : defaults[name];
      const mustHold = name in PRESET_PREFS[this.profile] || name === 'general.useragent.override';
      if ((mustHold || name in saved) && actual !== wanted) wrong.push(`${name}=${JSON.stringify(actual)} (wanted ${JSON.stringify(wanted)})`);
    }
    if (this.persona.userAgent) {
      const seen = await page.evaluate(() => navigator.userAgent);
      if (seen !== this.persona.userAgent) wrong.push(`navigator.userAgent=${JSON.stringify(seen)}`);
    }
    if (wrong.length > 0) {
      throw new PrefsNotAppliedError(`the ${this.profile} profile of firefox runs with other prefs than written: ${wrong.join(', ')}`);
    }
  }
}
