import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { firefox, type BrowserContext, type Page, type Response } from 'playwright-core';
import { BrowserNotFoundError } from './browsers';
import type {
  AuditCookie,
  AuditDriver,
  BrowserProfile,
  DriverCapabilities,
  PlaywrightDriverSpec,
  HttpExchange,
  OriginStorage,
  PageSignal,
  PageState,
  Persona,
  StorageSnapshot,
} from './driver';
import { readPageStorage } from './page-storage';
import { DriverError } from './driver-error';
import { cutPower, profileProcesses, shutDownLikeAReboot, type KillReport } from './processes';
import { createProfileDirs, removeProfileDirs, wipeDir, type ProfileDirs } from './profile-dirs';
import { atMost, delay } from './wait';

// Firefox through playwright-core 1.64 over WebDriver BiDi (`channel: 'moz-firefox'`), on Debian's firefox-esr.
// Why Playwright and not puppeteer-core: 1.64.1 drives firefox-esr 153 (1.65 does not: it sends
// emulation.setMediaFeaturesOverride, which ESR 153 lacks), it is already the project's dependency, and it gives
// the same API as the Chromium driver (locators, route, all-origin cookies, response headers). Its Firefox
// profile code writes user.js on every launch with automation defaults that are NOT Firefox's
// (browser.startup.page=0, browser.sessionstore.resume_from_crash=false); ours go last in that file and win,
// and launch() reads the prefs back from prefs.js to prove it (../shared/findings/drivers-and-tools.md).

const NAV_TIMEOUT_MS = 15_000;
const POLL_MS = 50;
// Upper bound for Playwright to notice a killed or closing browser; normally it takes milliseconds.
const EXIT_BOUND_MS = 5_000;
const ACTION_TIMEOUT_MS = 10_000;
// Firefox rewrites prefs.js within a second of starting (measured); past this the check gives up and says so.
const PREFS_WRITE_BOUND_MS = 5_000;
const EXCHANGE_HEADERS = ['location', 'cache-control', 'clear-site-data', 'content-type', 'pragma', 'expires'];

/** The Playwright driver's spec with `browser: 'firefox'`. */
export type FirefoxDriverSpec = PlaywrightDriverSpec & { browser: 'firefox' };

// Debian's ESR first: it is what `apt-get install firefox-esr` gives and what the findings measured.
const SYSTEM_FIREFOX_PATHS = ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/usr/lib/firefox-esr/firefox-esr'];

export interface FirefoxExecutable {
  path: string;
  source: 'AUDIT_FIREFOX_PATH' | 'system';
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where Firefox is, or undefined: for suites that skip without one. */
export function firefoxPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    return findFirefox(env).path;
  } catch {
    return undefined;
  }
}

export function findFirefox(env: NodeJS.ProcessEnv = process.env): FirefoxExecutable {
  const override = env.AUDIT_FIREFOX_PATH;
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

type PrefValue = string | number | boolean;

/**
 * Firefox's own values of the prefs a preset decides (browser/app/profile/firefox.js in ESR 153). Written out
 * even where they equal the default: Playwright's user.js sets both to the opposite, and the Remote Agent's
 * "recommended preferences" would set resume_from_crash=false wherever the profile has no value of its own.
 */
const FIREFOX_DEFAULTS = {
  /** 1 = home page; 3 = "Open previous windows and tabs" (Settings > General > Startup). */
  'browser.startup.page': 1,
  /** Crash recovery: after a kill, the next start restores the session, session cookies included. */
  'browser.sessionstore.resume_from_crash': true,
} as const satisfies Record<string, PrefValue>;

/** The profile presets, as a user would set them in Settings. */
const PRESET_PREFS: Record<BrowserProfile, Record<string, PrefValue>> = {
  'fresh-default': { ...FIREFOX_DEFAULTS },
  'restore-session': { 'browser.startup.page': 3, 'browser.sessionstore.resume_from_crash': true },
};

/**
 * What the harness needs on a closed, loopback-only machine: no first-run or "what's new" pages, no telemetry,
 * update, remote-settings, safe-browsing or captive-portal traffic. None of these changes how cookies, storage
 * or sessions behave.
 */
const QUIET_PREFS: Record<string, PrefValue> = {
  'browser.aboutwelcome.enabled': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'startup.homepage_welcome_url': 'about:blank',
  'startup.homepage_welcome_url.additional': '',
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.usage.uploadEnabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.server': 'data:,',
  'app.shield.optoutstudies.enabled': false,
  'app.normandy.enabled': false,
  'app.normandy.api_url': '',
  'app.update.disabledForTesting': true,
  'app.update.auto': false,
  'services.settings.server': 'data:,#remote-settings-dummy/v1',
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.region.network.url': '',
  'geo.provider.network.url': '',
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.trr.mode': 5,
  'browser.newtabpage.enabled': false,
  'browser.newtabpage.activity-stream.feeds.system.topstories': false,
  'browser.newtabpage.activity-stream.showSponsoredTopSites': false,
  'browser.topsites.contile.enabled': false,
  'dom.push.connection.enabled': false,
  'identity.fxaccounts.enabled': false,
  'media.gmp-manager.updateEnabled': false,
};

export class PrefsNotAppliedError extends Error {
  readonly code = 'PREFS_NOT_APPLIED';
}

/**
 * Firefox ESR through playwright-core (WebDriver BiDi) on a persistent profile. A launch is a real browser
 * process on a real profile on disk, so close/relaunch/reboot exercise exactly what a person's browser does.
 */
export class FirefoxDriver implements AuditDriver {
  readonly name = 'playwright:firefox';
  readonly browser = 'firefox';
  readonly profile: BrowserProfile;
  readonly persona: Persona;
  readonly capabilities: DriverCapabilities = {
    persistentProfile: true,
    killProcesses: true,
    allOriginCookies: true,
    injectCookies: true,
    tabs: true,
    // Session cookies reach disk only in the session-restore file (sessionstore-backups/recovery.jsonlz4),
    // written about every 15 s while something changed; its mtime is what cookieStoreWrittenSince watches.
    cookieStoreObservable: true,
    // Response events carry headers and Set-Cookie lines over BiDi; tabs Firefox itself restores after a crash
    // are not seen (see powerCut).
    httpExchanges: true,
    limits: {},
  };

  private readonly dirs: ProfileDirs;
  private readonly executable: FirefoxExecutable;
  private readonly headless: boolean;
  private readonly prefs: Record<string, PrefValue>;
  private context: BrowserContext | undefined;
  private page: Page | undefined;
  private lastDocumentStatus: number | null = null;
  private pendingExchanges: Promise<HttpExchange | null>[] = [];
  /** Every exchange since the first launch, in order; `taken` marks what takeExchanges already returned. */
  private readonly exchangeLog: HttpExchange[] = [];
  private taken = 0;

  constructor(spec: FirefoxDriverSpec) {
    this.profile = spec.profile;
    this.persona = spec.persona;
    this.headless = spec.headless ?? true;
    this.executable = findFirefox();
    this.dirs = createProfileDirs();
    this.prefs = {
      ...QUIET_PREFS,
      ...PRESET_PREFS[spec.profile],
      // The persona's User-Agent goes on the wire and into navigator.userAgent, as a real IE11 would send it.
      // A pref rather than Playwright's userAgent option: BiDi emulation of it is not in ESR 153.
      ...(spec.persona.userAgent ? { 'general.useragent.override': spec.persona.userAgent } : {}),
    };
  }

  get running(): boolean {
    return this.context !== undefined;
  }

  get executablePath(): string {
    return this.executable.path;
  }

  /** The profile dir, for tests that check what is on disk. */
  get profileDir(): string {
    return this.dirs.profile;
  }

  /** The prefs this driver writes into the profile (presets, quiet network, persona), for reports and tests. */
  get profilePrefs(): Readonly<Record<string, PrefValue>> {
    return this.prefs;
  }

  async launch(): Promise<void> {
    if (this.context) return;
    const started = Date.now();
    // Playwright writes the prefs into user.js before every start; Firefox applies user.js at each start, so
    // the preset holds from the first launch on, exactly as a preference the user set once.
    this.context = await firefox.launchPersistentContext(this.dirs.profile, {
      channel: 'moz-firefox',
      executablePath: this.executable.path,
      headless: this.headless,
      firefoxUserPrefs: this.prefs,
      // The browser's temp files go to a dir of this profile's own, so a "reboot" can wipe them without
      // touching anything else on the machine.
      env: { ...process.env, TMPDIR: this.dirs.temp },
      timeout: 30_000,
    });
    this.context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    this.context.setDefaultNavigationTimeout(NAV_TIMEOUT_MS);
    this.context.on('response', (response) => this.record(response));
    this.page = this.context.pages()[0] ?? (await this.context.newPage());
    this.lastDocumentStatus = null;
    try {
      await this.verifyPrefs(started);
    } catch (error) {
      await this.dispose().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Proves the prefs are in effect in the running browser, not only written: Firefox saves the values it runs
   * with to prefs.js shortly after start, leaving out those equal to its default. A value there that differs
   * from ours means something (the backend, the Remote Agent) overrode it; the audit would then test another
   * browser than the one it reports.
   */
  private async verifyPrefs(startedMs: number): Promise<void> {
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
      const seen = await this.requirePage().evaluate(() => navigator.userAgent);
      if (seen !== this.persona.userAgent) wrong.push(`navigator.userAgent=${JSON.stringify(seen)}`);
    }
    if (wrong.length > 0) {
      throw new PrefsNotAppliedError(`the ${this.profile} profile of firefox runs with other prefs than written: ${wrong.join(', ')}`);
    }
  }

  private record(response: Response): void {
    const request = response.request();
    // A service worker's own requests have no frame (request.frame() throws for them).
    if (!request.serviceWorker() && request.frame() === this.page?.mainFrame() && request.isNavigationRequest()) {
      this.lastDocumentStatus = response.status();
    }
    if (request.url().startsWith('data:')) return;
    this.pendingExchanges.push(
      (async () => {
        try {
          const [requestHeaders, responseHeaders] = await Promise.all([
            request.allHeaders(),
            response.headersArray(),
          ]);
          const picked: Record<string, string> = {};
          for (const { name, value } of responseHeaders) {
            if (EXCHANGE_HEADERS.includes(name.toLowerCase())) picked[name.toLowerCase()] = value;
          }
          return {
            method: request.method(),
            url: request.url(),
            status: response.status(),
            resourceType: request.resourceType(),
            requestCookieNames: cookieNames(requestHeaders.cookie),
            responseHeaders: picked,
            setCookies: setCookieLines(responseHeaders),
          };
        } catch {
          return null; // the browser went away while headers were read (close, reboot)
        }
      })(),
    );
  }

  private requirePage(): Page {
    if (!this.page || !this.context) {
      throw new DriverError('BROWSER_NOT_RUNNING', 'the browser is not running: launch or relaunch it first');
    }
    return this.page;
  }

  async open(url: string): Promise<PageState> {
    const page = this.requirePage();
    try {
      const response = await page.goto(url, { waitUntil: 'load' });
      if (response) this.lastDocumentStatus = response.status();
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      // A script-driven navigation (e.g. an auto-submitted logout form) may replace the one we started:
      // that is the site working, not an error. Firefox words it NS_BINDING_ABORTED.
      if (!/interrupted by another navigation|NS_BINDING_ABORTED/i.test(message ?? '')) {
        throw new DriverError('NAVIGATION_FAILED', `could not open ${url}: ${message}`);
      }
    }
    return this.pageState();
  }

  async pageState(): Promise<PageState> {
    const page = this.requirePage();
    const title = await page.title().catch(() => '');
    return { url: page.url(), status: this.lastDocumentStatus, title };
  }

  async fill(selector: string, value: string): Promise<void> {
    await this.act(selector, (page) => page.locator(selector).fill(value));
  }

  async click(selector: string): Promise<void> {
    await this.act(selector, (page) => page.locator(selector).click());
  }

  async check(selector: string, checked: boolean): Promise<void> {
    await this.act(selector, (page) => page.locator(selector).setChecked(checked));
  }

  private async act(selector: string, action: (page: Page) => Promise<void>): Promise<void> {
    const page = this.requirePage();
    try {
      await action(page);
    } catch (error) {
      const first = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new DriverError('SELECTOR_MISSING', `no usable element for selector ${selector} at ${page.url()}: ${first}`);
    }
  }

  async waitForAny(signals: Record<string, PageSignal>, timeoutMs: number): Promise<string | null> {
    const page = this.requirePage();
    const deadline = Date.now() + timeoutMs;
    // Polling rather than one locator wait: the page may navigate several times (redirect chains, auto-submitted
    // forms) and a signal may be a URL, which no locator waits for.
    for (;;) {
      for (const [name, signal] of Object.entries(signals)) {
        if (await holds(page, signal)) return name;
      }
      if (Date.now() >= deadline) return null;
      await delay(POLL_MS);
    }
  }

  async cookies(): Promise<AuditCookie[]> {
    const cookies = await this.requireContext().cookies();
    return cookies.map((c) => ({
      name: c.name,
      value: c.value,
      domain: c.domain,
      path: c.path,
      expires: c.expires,
      httpOnly: c.httpOnly,
      secure: c.secure,
      sameSite: c.sameSite ?? 'unset',
    }));
  }

  async addCookies(cookies: AuditCookie[]): Promise<void> {
    await this.requireContext().addCookies(
      cookies.map((c) => ({
        name: c.name,
        value: c.value,
        domain: c.domain,
        path: c.path,
        expires: c.expires,
        httpOnly: c.httpOnly,
        secure: c.secure,
        ...(c.sameSite === 'unset' ? {} : { sameSite: c.sameSite }),
      })),
    );
  }

  async storage(): Promise<StorageSnapshot> {
    const context = this.requireContext();
    const page = this.requirePage();
    const state = await context.storageState();
    const current = await readPageStorage(page);
    const origins = state.origins
      .filter((o) => o.origin !== current?.origin)
      .map((o) => ({
        origin: o.origin,
        localStorage: Object.fromEntries(o.localStorage.map((e) => [e.name, e.value])),
        // Only the open page's origin can be asked for these; others are listed with what storageState knows.
        sessionStorage: {},
        indexedDB: [],
        cacheStorage: [],
        serviceWorkers: [],
      }));
    return { origins: current ? [current, ...origins] : origins };
  }

  async screenshot(): Promise<Buffer> {
    return this.requirePage().screenshot({ timeout: 5000 });
  }

  private async settleExchanges(): Promise<void> {
    const pending = this.pendingExchanges;
    this.pendingExchanges = [];
    for (const exchange of await Promise.all(pending)) if (exchange) this.exchangeLog.push(exchange);
  }

  async takeExchanges(): Promise<HttpExchange[]> {
    await this.settleExchanges();
    const fresh = this.exchangeLog.slice(this.taken);
    this.taken = this.exchangeLog.length;
    return fresh;
  }

  async allExchanges(): Promise<HttpExchange[]> {
    await this.settleExchanges();
    return [...this.exchangeLog];
  }

  async text(): Promise<string> {
    return this.requirePage()
      .locator('body')
      .innerText({ timeout: 5000 })
      .catch(() => '');
  }

  async attribute(selector: string, name: string): Promise<string | null> {
    const page = this.requirePage();
    const element = page.locator(selector).first();
    if ((await element.count()) === 0) return null;
    return element.getAttribute(name);
  }

  async fetchFromPage(url: string, headers: Record<string, string> = {}): Promise<{ status: number; url: string }> {
    return this.requirePage().evaluate(
      async ({ url, headers }) => {
        // A redirect (typically to the login) is reported as status 0 ("opaqueredirect"), not followed across
        // origins, where CORS would turn it into an error indistinguishable from a network failure.
        const response = await fetch(url, { credentials: 'include', headers, redirect: 'manual' });
        return { status: response.status, url: response.url };
      },
      { url, headers },
    );
  }

  async newTab(): Promise<void> {
    const context = this.requireContext();
    this.page = await context.newPage();
    this.lastDocumentStatus = null;
  }

  async switchTab(index: number): Promise<void> {
    const page = this.requireContext().pages()[index];
    if (!page) throw new DriverError('BROWSER_NOT_RUNNING', `there is no tab ${index + 1}`);
    this.page = page;
    await page.bringToFront();
  }

  async back(): Promise<PageState> {
    await this.requirePage().goBack({ waitUntil: 'load' }).catch(() => null);
    return this.pageState();
  }

  async reload(): Promise<PageState> {
    await this.requirePage().reload({ waitUntil: 'load' }).catch(() => null);
    return this.pageState();
  }

  async storageOf(origin: string): Promise<OriginStorage | null> {
    const context = this.requireContext();
    // A document of that origin is needed to read its storage. The probe URL is answered by the harness itself
    // (route), so the server sees no request; where a service worker takes the navigation instead, the page is
    // still of that origin, which is all the read needs.
    const probe = `${origin}/.well-known/logout-audit-storage-probe`;
    const page = await context.newPage();
    try {
      await page.route(probe, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>probe</title>' }));
      await page.goto(probe, { waitUntil: 'load' }).catch(() => null);
      return await readPageStorage(page);
    } finally {
      await page.close().catch(() => undefined);
    }
  }

  cookieStoreWrittenSince(sinceMs: number): boolean {
    // Persistent cookies reach cookies.sqlite within about a second of being set, but session cookies (what
    // portals log in with) reach disk only through the session-restore file: that write is the one a power cut
    // can revive, so it is the one waited for. sessionstore.jsonlz4 is written at a clean quit only.
    return ['sessionstore-backups/recovery.jsonlz4', 'sessionstore.jsonlz4'].some(
      (file) => mtimeMs(join(this.dirs.profile, file)) > sinceMs,
    );
  }

  async close(): Promise<void> {
    const context = this.requireContext();
    await context.close();
    this.forget();
    // A clean exit has finished only when no process holds the profile; relaunching earlier would find the
    // profile locked (parent.lock) or catch the old browser's last writes (sessionstore.jsonlz4) half done.
    const left = await waitForNoProcesses(this.dirs.profile, 10_000);
    if (left.length > 0) {
      throw new DriverError('PROCESS_SURVIVED', `browser processes ${left.join(', ')} still hold the profile after a clean close`);
    }
  }

  async relaunch(): Promise<void> {
    if (this.context) throw new DriverError('BROWSER_NOT_RUNNING', 'relaunch needs the browser closed first (close, reboot)');
    await this.launch();
  }

  async reboot(): Promise<void> {
    await this.endAll(shutDownLikeAReboot);
    await this.launch();
  }

  /**
   * Like reboot, but SIGKILL at once: no process gets to write anything. Measured: with crash recovery on
   * (Firefox's default, and restore-session) the next start restores the last saved session, cookies included,
   * and reloads the selected tab at once, sending the revived cookies before any step runs; that tab is not
   * among Playwright's pages, so its HTTP exchange is not recorded.
   */
  async powerCut(): Promise<void> {
    await this.endAll(cutPower);
    await this.launch();
  }

  /** Ends every process of the profile (the browser may also be closed already) and empties its temp dir. */
  private async endAll(kill: (profileDir: string) => Promise<KillReport>): Promise<void> {
    const context = this.context;
    const closed = context ? new Promise<void>((resolve) => context.once('close', () => resolve())) : Promise.resolve();
    const report = await kill(this.dirs.profile);
    if (report.survivors.length > 0) {
      throw new DriverError('PROCESS_SURVIVED', `processes ${report.survivors.join(', ')} survived SIGKILL`);
    }
    await atMost(closed, EXIT_BOUND_MS);
    this.forget();
    wipeDir(this.dirs.temp); // a reboot empties the OS temp dir
  }

  async dispose(): Promise<void> {
    const context = this.context;
    this.forget();
    if (context) {
      await atMost(context.close().catch(() => undefined), EXIT_BOUND_MS);
    }
    await cutPower(this.dirs.profile);
    removeProfileDirs(this.dirs);
  }

  private requireContext(): BrowserContext {
    if (!this.context) throw new DriverError('BROWSER_NOT_RUNNING', 'the browser is not running: launch or relaunch it first');
    return this.context;
  }

  private forget(): void {
    this.context = undefined;
    this.page = undefined;
    this.pendingExchanges = [];
  }
}

function mtimeMs(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** `user_pref("name", value);` lines of prefs.js (JSON-compatible values: strings, numbers, booleans). */
function parsePrefsJs(text: string): Record<string, PrefValue> {
  const prefs: Record<string, PrefValue> = {};
  for (const match of text.matchAll(/^user_pref\(("(?:[^"\\]|\\.)*"),\s*(.+)\);$/gm)) {
    try {
      prefs[JSON.parse(match[1] ?? '""') as string] = JSON.parse(match[2] ?? 'null') as PrefValue;
    } catch {
      // a value JSON cannot read: not one of ours
    }
  }
  return prefs;
}

function cookieNames(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(';')
    .map((part) => part.split('=')[0]?.trim() ?? '')
    .filter(Boolean);
}

/** Set-Cookie lines; over BiDi several may arrive as one header value joined by newlines. */
function setCookieLines(headers: { name: string; value: string }[]): string[] {
  return headers
    .filter((h) => h.name.toLowerCase() === 'set-cookie')
    .flatMap((h) => h.value.split('\n'))
    .filter(Boolean);
}

async function holds(page: Page, signal: PageSignal): Promise<boolean> {
  try {
    if (signal.urlPattern && !signal.urlPattern.test(page.url())) return false;
    if (signal.selector && !(await page.locator(signal.selector).first().isVisible())) return false;
    if (signal.text && !(await page.getByText(signal.text).first().isVisible())) return false;
    return Boolean(signal.urlPattern || signal.selector || signal.text);
  } catch {
    return false; // the page navigated while we looked
  }
}

async function waitForNoProcesses(profileDir: string, timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let left = profileProcesses(profileDir);
  while (left.length > 0 && Date.now() < deadline) {
    await delay(POLL_MS);
    left = profileProcesses(profileDir);
  }
  return left;
}
