import { join } from 'node:path';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { browserDied, browserGone, DriverError } from '../driver-error';
import type {
  AuditCookie,
  AuditDriver,
  BrowserProfile,
  DriverCapabilities,
  DriverOptions,
  HttpExchange,
  LiveChannel,
  OriginStorage,
  PageObservation,
  PageSignal,
  PageState,
  Persona,
  PlaywrightDriverSpec,
  SettleWindow,
  StorageSnapshot,
} from '../driver';
import { ALL_CAPABILITIES } from '../driver';
import type { Ending } from '../profile/ending';
import { mtimeMs } from '../profile/file-times';
import { ProfileLifecycle, type LifecycleOptions } from '../profile/lifecycle';
import { SCREENSHOT_JPEG_QUALITY } from '../screenshot';
import { atMost, delay } from '../wait';
import { ExchangeRecorder } from './exchange-recorder';
import { readLiveChannels, recordLiveChannelsIn } from './live-channels';
import { watchUntilSettled } from '../page-settle';
import { holds, PageActivity, watchPage } from './page-signals';
import { readOriginStorage, readStorage } from './page-storage';
import { fromPlaywrightCookie, toPlaywrightCookie } from './playwright-cookies';

// What every Playwright-driven browser shares: a persistent context on a real profile dir, the page
// operations and the HTTP exchange log; its life on the profile (close, relaunch, reboot, power cut by the
// profile's processes) is ProfileLifecycle's. A subclass says only how its browser starts (executable, flags,
// preferences) and where it keeps cookies.

const NAV_TIMEOUT_MS = 15_000;
const POLL_MS = 50;
// Upper bound for Playwright to notice a killed or closing browser; normally it takes milliseconds.
const EXIT_BOUND_MS = 5_000;
const ACTION_TIMEOUT_MS = 10_000;
// A press of back normally commits within milliseconds (the page comes from a cache or the server).
const HISTORY_STEP_MS = 5_000;

/**
 * Everything a Playwright-driven browser on a persistent context can do, measured for Chromium and Firefox
 * (a backend where one is missing overrides this with the reason).
 */
export const PLAYWRIGHT_CAPABILITIES: DriverCapabilities = ALL_CAPABILITIES;

export abstract class PlaywrightDriver extends ProfileLifecycle implements AuditDriver {
  abstract readonly browser: string;
  readonly capabilities: DriverCapabilities = PLAYWRIGHT_CAPABILITIES;
  readonly profile: BrowserProfile;
  readonly persona: Persona;

  /** A local browser: the profile's processes are this machine's, ended by signals. */
  protected readonly ending: Ending = { by: 'signals' };
  protected readonly headless: boolean;
  private context: BrowserContext | undefined;
  /** Resolves when the current context has closed (by us, or because its browser ended). */
  private contextClosed: Promise<void> = Promise.resolve();
  private page: Page | undefined;
  /** Set while close, reboot, power cut or dispose end the browser: a close event then is ours, not a death. */
  private endingByUs = false;
  /** The browser's context closed without us ending it: its process was killed or crashed. */
  private died = false;
  private lastDocumentStatus: number | null = null;
  private readonly exchanges = new ExchangeRecorder();
  private readonly activity = new PageActivity();

  constructor(spec: PlaywrightDriverSpec, options: DriverOptions = {}, lifecycle: Pick<LifecycleOptions, 'noProfile' | 'dirs'> = {}) {
    super({ here: true, redactor: options.redactor, runId: options.runId, ...lifecycle });
    this.profile = spec.profile;
    this.persona = spec.persona;
    this.headless = spec.headless ?? true;
  }

  /** Starts the browser on `this.dirs.profile` (with its temp dir in `this.dirs.temp`). */
  protected abstract startContext(): Promise<BrowserContext>;
  /** Files of the profile that change when the browser writes its cookies to disk (relative paths). */
  protected abstract readonly cookieStoreFiles: readonly string[];
  /** Checks after every launch that the browser runs as the preset says (default: nothing to check). */
  protected async verifyLaunch(_startedMs: number, _page: Page): Promise<void> {}

  get running(): boolean {
    return this.context !== undefined;
  }

  protected async startBrowser(): Promise<void> {
    const started = Date.now();
    this.endingByUs = false;
    this.died = false;
    const context = await this.startContext();
    this.context = context;
    this.contextClosed = new Promise<void>((resolve) => context.once('close', () => resolve()));
    context.on('close', () => {
      if (!this.endingByUs && this.context === context) this.died = true;
    });
    this.context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    this.context.setDefaultNavigationTimeout(NAV_TIMEOUT_MS);
    this.context.on('response', (response) => this.record(response));
    await recordLiveChannelsIn(context);
    this.activity.watch(context);
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
    this.exchanges.record(response);
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
        // A server that accepts the connection and never answers leaves the navigation pending, and every later
        // look at the page (its title, its storage, the evidence of this very step) waits on it until the test's
        // time runs out: measured 577 s for one pageState(). A new navigation to a blank page ends it, so the run
        // ends broken within this step's bound, with the same reason everywhere.
        if (/timeout/i.test(message ?? '')) await atMost(page.goto('about:blank').catch(() => null), EXIT_BOUND_MS);
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

  async observe(signals: Record<string, PageSignal>, window: SettleWindow): Promise<PageObservation> {
    const page = this.requirePage();
    return watchUntilSettled(
      async () => {
        this.requirePage(); // a browser that died while we watched is said so, not taken for a quiet page
        const holding: string[] = [];
        for (const [name, signal] of Object.entries(signals)) if (await holds(page, signal)) holding.push(name);
        const { inFlight, lastMs } = this.activity.of(page);
        const watch = await watchPage(page);
        return { holding, version: watch?.version ?? null, ...(watch ? { ticks: watch.ticks } : {}), busy: inFlight > 0, lastActivityMs: lastMs };
      },
      window,
      POLL_MS,
    );
  }

  async cookies(): Promise<AuditCookie[]> {
    return (await this.requireContext().cookies()).map(fromPlaywrightCookie);
  }

  async addCookies(cookies: AuditCookie[]): Promise<void> {
    await this.requireContext().addCookies(cookies.map(toPlaywrightCookie));
  }

  async storage(): Promise<StorageSnapshot> {
    const page = this.requirePage();
    return readStorage(this.requireContext(), page);
  }

  async screenshot(): Promise<Buffer> {
    return this.requirePage().screenshot({ timeout: 5000, type: 'jpeg', quality: SCREENSHOT_JPEG_QUALITY });
  }

  liveChannels(): Promise<LiveChannel[]> {
    return readLiveChannels(this.requirePage());
  }

  takeExchanges(): Promise<HttpExchange[]> {
    return this.exchanges.take();
  }

  allExchanges(): Promise<HttpExchange[]> {
    return this.exchanges.all();
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

  async fetchTextWithCookies(url: string): Promise<{ status: number; url: string; text: string }> {
    // The context's own request client shares its cookie jar; a page's fetch would be held to the page's CSP.
    const response = await this.requireContext().request.get(url);
    return { status: response.status(), url: response.url(), text: await response.text() };
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
    return readOriginStorage(this.requireContext(), origin);
  }

  cookieStoreWrittenSince(sinceMs: number): boolean {
    return this.cookieStoreFiles.some((file) => mtimeMs(join(this.dirs.profile, file)) > sinceMs);
  }

  abstract webStorageWrittenSince(sinceMs: number, value?: string): boolean;

  async setLocalStorage(key: string, value: string | null): Promise<void> {
    await this.requirePage().evaluate(({ key, value }) => (value === null ? localStorage.removeItem(key) : localStorage.setItem(key, value)), { key, value });
  }

  protected async quitBrowser(): Promise<void> {
    const context = this.requireContext();
    this.endingByUs = true;
    await context.close();
  }

  /** Playwright notices the browser's end by itself: letting go is waiting for that (bounded). */
  protected letGo(): () => Promise<void> {
    const closed = this.context ? this.contextClosed : Promise.resolve();
    this.endingByUs = true;
    return async () => {
      await atMost(closed, EXIT_BOUND_MS);
    };
  }

  protected requireContext(): BrowserContext {
    if (this.died) throw browserDied('during the scenario');
    if (!this.context) throw new DriverError('BROWSER_NOT_RUNNING', 'the browser is not running: launch or relaunch it first');
    return this.context;
  }

  protected async forget(): Promise<void> {
    this.context = undefined;
    this.page = undefined;
    this.exchanges.dropPending();
  }
}
