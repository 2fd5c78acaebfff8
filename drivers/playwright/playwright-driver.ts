import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { browserDied, browserGone, DriverError } from '../driver-error';
import type {
  AuditCookie,
  AuditDriver,
  BrowserProfile,
  DriverCapabilities,
  HttpExchange,
  OriginStorage,
  PageSignal,
  PageState,
  Persona,
  PlaywrightDriverSpec,
  RestartReport,
  StorageSnapshot,
} from '../driver';
import { readPageStorage } from './page-storage';
import { cutPower, restartBySignals, shutDownLikeAReboot, waitForNoProcesses, type KillReport } from '../profile/processes';
import type { HookAction } from '../profile/reboot-hook';
import { createProfileDirs, removeProfileDirs, wipeDir, type ProfileDirs } from '../profile/profile-dirs';
import { OtherOriginStorage } from './other-origin-storage';
import { SCREENSHOT_JPEG_QUALITY } from '../screenshot';
import { atMost, delay } from '../wait';

// What every Playwright-driven browser shares: a persistent context on a real profile dir, the page
// operations, the HTTP exchange log, and close / relaunch / reboot / power cut by the profile's processes.
// A subclass says only how its browser starts (executable, flags, preferences) and where it keeps cookies.

const NAV_TIMEOUT_MS = 15_000;
const POLL_MS = 50;
// Upper bound for Playwright to notice a killed or closing browser; normally it takes milliseconds.
const EXIT_BOUND_MS = 5_000;
const ACTION_TIMEOUT_MS = 10_000;
// A press of back normally commits within milliseconds (the page comes from a cache or the server).
const HISTORY_STEP_MS = 5_000;
const EXCHANGE_HEADERS = ['location', 'cache-control', 'clear-site-data', 'content-type', 'pragma', 'expires'];

export abstract class PlaywrightDriver implements AuditDriver {
  abstract readonly name: string;
  abstract readonly browser: string;
  abstract readonly capabilities: DriverCapabilities;
  readonly profile: BrowserProfile;
  readonly persona: Persona;

  protected readonly dirs: ProfileDirs;
  protected readonly headless: boolean;
  private context: BrowserContext | undefined;
  private otherOrigins: OtherOriginStorage | undefined;
  private page: Page | undefined;
  private launched = false;
  /** Set while close, reboot, power cut or dispose end the browser: a close event then is ours, not a death. */
  private ending = false;
  /** The browser's context closed without us ending it: its process was killed or crashed. */
  private died = false;
  private lastDocumentStatus: number | null = null;
  private pendingExchanges: Promise<HttpExchange | null>[] = [];
  /** Every exchange since the first launch, in order; `taken` marks what takeExchanges already returned. */
  private readonly exchangeLog: HttpExchange[] = [];
  private taken = 0;

  constructor(spec: PlaywrightDriverSpec) {
    this.profile = spec.profile;
    this.persona = spec.persona;
    this.headless = spec.headless ?? true;
    this.dirs = createProfileDirs();
  }

  /** Starts the browser on `this.dirs.profile` (with its temp dir in `this.dirs.temp`). */
  protected abstract startContext(): Promise<BrowserContext>;
  /** Writes the profile preset's preferences before the very first launch, as a user would have set them. */
  protected abstract applyPreset(): void;
  /** Files of the profile that change when the browser writes its cookies to disk (relative paths). */
  protected abstract readonly cookieStoreFiles: readonly string[];
  /** Checks after every launch that the browser runs as the preset says (default: nothing to check). */
  protected async verifyLaunch(_startedMs: number, _page: Page): Promise<void> {}
  /** Called before the browser starts again on its profile after an end (close, reboot, power cut). */
  protected beforeRelaunch(): void {}

  get running(): boolean {
    return this.context !== undefined;
  }

  /** The profile dir, for tests that check what is on disk. */
  get profileDir(): string {
    return this.dirs.profile;
  }

  async launch(): Promise<void> {
    if (this.context) return;
    if (!this.launched) this.applyPreset();
    else this.beforeRelaunch();
    this.launched = true;
    const started = Date.now();
    this.ending = false;
    this.died = false;
    const context = await this.startContext();
    this.context = context;
    this.otherOrigins = new OtherOriginStorage(context);
    context.on('close', () => {
      if (!this.ending && this.context === context) this.died = true;
    });
    this.context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    this.context.setDefaultNavigationTimeout(NAV_TIMEOUT_MS);
    this.context.on('response', (response) => this.record(response));
    this.page = this.context.pages()[0] ?? (await this.context.newPage());
    this.lastDocumentStatus = null;
    try {
      await this.verifyLaunch(started, this.page);
    } catch (error) {
      await this.dispose().catch(() => undefined);
      throw error;
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
            requestAuthorization: requestHeaders.authorization ?? null,
            responseHeaders: picked,
            setCookies: setCookieLines(responseHeaders),
          };
        } catch {
          return null; // the browser went away while headers were read (close, reboot)
        }
      })(),
    );
  }

  protected requirePage(): Page {
    if (this.died) throw browserDied('during the scenario');
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
      // that is the site working, not an error (Firefox words it NS_BINDING_ABORTED).
      if (this.died || browserGone(message ?? '')) throw browserDied(`opening ${url}: ${message}`);
      if (!/interrupted by another navigation|NS_BINDING_ABORTED/i.test(message ?? '')) {
        throw new DriverError('NAVIGATION_FAILED', `could not open ${url}: ${message}`);
      }
    }
    return this.pageState();
  }

  async pageState(): Promise<PageState> {
    const page = this.requirePage();
    const title = await page.title().catch(() => '');
    // The document's own address first: over BiDi (Firefox) a history step to a page a service worker
    // answers is not reported to Playwright, whose page.url() then still names the page before (measured).
    const url = await page.evaluate(() => location.href).catch(() => page.url());
    return { url, status: this.lastDocumentStatus, title };
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
      if (this.died || browserGone(first ?? '')) throw browserDied(`using ${selector}: ${first}`);
      throw new DriverError('SELECTOR_MISSING', `no usable element for selector ${selector} at ${page.url()}: ${first}`);
    }
  }

  async waitForAny(signals: Record<string, PageSignal>, timeoutMs: number): Promise<string | null> {
    const page = this.requirePage();
    const deadline = Date.now() + timeoutMs;
    // Polling rather than one locator wait: the page may navigate several times (redirect chains, auto-submitted
    // forms) and a signal may be a URL, which no locator waits for.
    for (;;) {
      this.requirePage(); // a browser that died while we waited is said so, not taken for a page without the signal
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
    this.requireContext();
    const page = this.requirePage();
    const current = await readPageStorage(page);
    const origins = (await this.otherOrigins!.read(current?.origin))
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
    return this.requirePage().screenshot({ timeout: 5000, type: 'jpeg', quality: SCREENSHOT_JPEG_QUALITY });
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
    const page = this.requirePage();
    // Bounded waits: the history step Firefox does not report (see pageState) would otherwise hold every
    // press of back for the whole navigation timeout.
    await page.goBack({ waitUntil: 'commit', timeout: HISTORY_STEP_MS }).catch(() => null);
    await page.waitForLoadState('load', { timeout: HISTORY_STEP_MS }).catch(() => undefined);
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
    return this.cookieStoreFiles.some((file) => mtimeMs(join(this.dirs.profile, file)) > sinceMs);
  }

  async close(): Promise<void> {
    const context = this.requireContext();
    this.ending = true;
    await context.close();
    this.forget();
    // A clean exit has finished only when no process holds the profile; relaunching earlier would find the
    // profile locked (Chromium's SingletonLock, Firefox's parent.lock) or catch the last writes half done.
    const left = await waitForNoProcesses(this.dirs.profile, 10_000);
    if (left.length > 0) {
      throw new DriverError('PROCESS_SURVIVED', `browser processes ${left.join(', ')} still hold the profile after a clean close`);
    }
  }

  async relaunch(): Promise<void> {
    if (this.context) throw new DriverError('BROWSER_NOT_RUNNING', 'relaunch needs the browser closed first (close, reboot)');
    await this.launch();
  }

  async reboot(): Promise<RestartReport> {
    const report = await this.endAll('reboot', shutDownLikeAReboot);
    await this.launch();
    return report;
  }

  /** Like reboot, but SIGKILL at once: no process gets to write anything. */
  async powerCut(): Promise<RestartReport> {
    const report = await this.endAll('power-cut', cutPower);
    await this.launch();
    return report;
  }

  /** Ends every process of the profile (the browser may also be closed already) and empties its temp dir. */
  private async endAll(action: HookAction, kill: (profileDir: string) => Promise<KillReport>): Promise<RestartReport> {
    const context = this.context;
    this.ending = true;
    const closed = context ? new Promise<void>((resolve) => context.once('close', () => resolve())) : Promise.resolve();
    const report = restartBySignals(action, await kill(this.dirs.profile), context !== undefined);
    await atMost(closed, EXIT_BOUND_MS);
    this.forget();
    wipeDir(this.dirs.temp); // a reboot empties the OS temp dir
    return report;
  }

  async dispose(): Promise<void> {
    const context = this.context;
    this.ending = true;
    this.forget();
    if (context) {
      await atMost(context.close().catch(() => undefined), EXIT_BOUND_MS);
    }
    await cutPower(this.dirs.profile);
    removeProfileDirs(this.dirs);
  }

  protected requireContext(): BrowserContext {
    if (this.died) throw browserDied('during the scenario');
    if (!this.context) throw new DriverError('BROWSER_NOT_RUNNING', 'the browser is not running: launch or relaunch it first');
    return this.context;
  }

  private forget(): void {
    this.context = undefined;
    this.page = undefined;
    this.pendingExchanges = [];
  }
}

export function mtimeMs(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** Set-Cookie lines; over BiDi (Firefox) several may arrive as one header value joined by newlines. */
function setCookieLines(headers: { name: string; value: string }[]): string[] {
  return headers
    .filter((h) => h.name.toLowerCase() === 'set-cookie')
    .flatMap((h) => h.value.split('\n'))
    .filter(Boolean);
}

function cookieNames(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(';')
    .map((part) => part.split('=')[0]?.trim() ?? '')
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
