import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Builder, type WebDriver } from 'selenium-webdriver';
import { DriverError } from '../driver-error';
import type {
  AuditCookie,
  AuditDriver,
  BrowserExecutables,
  BrowserProfile,
  DriverCapabilities,
  DriverOptions,
  HttpExchange,
  PageSignal,
  PageState,
  Persona,
  SeleniumDriverSpec,
  SettleWindow,
} from '../driver';
import type { Ending } from '../profile/ending';
import { RecordingProxy } from '../webdriver/recording-proxy';
import { atMost, BROWSER_START_BOUND_MS } from '../wait';
import { toWebDriverCookie } from '../webdriver/webdriver-cookies';
import { firstLine, WebDriverPage } from '../webdriver/webdriver-page';
import { findMiniBrowser, findWebKitWebDriver } from './webkitgtk-binaries';
import { endService, startWebKitWebDriver, taggedBinary } from './webkitgtk-service';
import { acquireDisplay, releaseDisplay } from './xvfb';
import { childEnv } from '../child-env';

// Bounds, not waits: a new session normally starts in ~1.5 s, a screenshot in ~0.1 s.
const SESSION_BOUND_MS = BROWSER_START_BOUND_MS;
const SCREENSHOT_BOUND_MS = 15_000;

const NO_PROFILE =
  'WebKitWebDriver needs MiniBrowser in --automation mode, and in that mode MiniBrowser always uses an ephemeral ' +
  'website data manager (Tools/MiniBrowser/gtk/main.c: `privateMode || automationMode` → ephemeral; --cookies-file is ' +
  'only applied to a non-ephemeral session). There is no data-directory option, nor a webkitgtk:browserOptions key for ' +
  'one (WebKitWebDriver 2.50.6 knows binary, args, certificates, useOverlayScrollbars). Measured before ' +
  '(docs/findings/drivers-and-tools.md): cookies did not survive a new session, even with --cookies-file. Every ' +
  'session starts empty, so close, relaunch, ' +
  'reboot and power cut cannot be audited';

/**
 * What this driver can do, as measured with WebKitGTK 2.50.6 (Debian 12) and its tests
 * (suites/drivers/webkitgtk.spec.ts). Every origin's cookies and the HTTP exchanges come from the recording proxy
 * the browser is pointed at (drivers/webdriver/recording-proxy.ts): complete for http origins; for https the exchanges are
 * not visible (an opaque tunnel) and reading an https origin's cookies costs one real GET of a probe path.
 */
export const WEBKITGTK_CAPABILITIES: DriverCapabilities = {
  persistentProfile: false,
  killProcesses: false,
  allOriginCookies: true,
  // WebKitWebDriver's Add Cookie takes cookies of any domain, HttpOnly and SameSite included (measured).
  injectCookies: true,
  tabs: true,
  cookieStoreObservable: false,
  httpExchanges: true,
  liveChannels: false,
  limits: {
    persistentProfile: NO_PROFILE,
    killProcesses: 'a reboot or power cut needs a profile to come back to, and MiniBrowser under WebKitWebDriver keeps none (see persistentProfile)',
    cookieStoreObservable: 'the automation session keeps its cookies in memory only: there is no cookie store on disk to watch',
    liveChannels: "WebKitWebDriver (classic WebDriver) cannot run a script before the page's own, which watching its WebSockets and EventSources takes",
  },
};

/**
 * Debian's WebKitGTK MiniBrowser through WebKitWebDriver (package webkit2gtk-driver), on this machine only.
 * Classic WebDriver with neither CDP nor BiDi (WebKitWebDriver 2.50 rejects `webSocketUrl`), so a loopback
 * recording proxy supplies the network view, and every process is started under the driver's own dir so that
 * dispose() can prove nothing is left behind. Under Xvfb when there is no DISPLAY.
 */
export class WebKitGtkDriver extends WebDriverPage implements AuditDriver {
  readonly name = 'selenium:webkitgtk';
  readonly browser = 'webkitgtk';
  readonly profile: BrowserProfile;
  readonly persona: Persona;
  readonly capabilities = WEBKITGTK_CAPABILITIES;

  // MiniBrowser never paints a tab in the background, and WebKitWebDriver's screenshot of the new tab then
  // waits forever (measured). A second window of the same browser shares cookies and storage the same way.
  protected override readonly tabKind = 'window';
  protected readonly ending: Ending = { by: 'none', why: WEBKITGTK_CAPABILITIES.limits.killProcesses! };
  private session: WebDriver | undefined;
  private service: ChildProcess | undefined;
  private proxy: RecordingProxy | undefined;
  private holdsDisplay = false;
  private readonly executables: BrowserExecutables;
  /** Probe URLs for cookies put in by addCookies(), whose hosts the browser may not have talked to yet. */
  private readonly injectedProbes = new Set<string>();

  constructor(spec: SeleniumDriverSpec, options: DriverOptions = {}) {
    if (spec.browser !== 'webkitgtk') throw new Error(`WebKitGtkDriver drives webkitgtk, not ${spec.browser}`);
    if (spec.gridUrl) {
      throw new DriverError('NOT_SUPPORTED', 'WebKitGTK runs on this machine only: a Selenium Grid 4 node refuses the MiniBrowser stereotype');
    }
    // Every process is started under the driver's own dirs and names their root (profileDir); with no profile
    // to start again on, close, relaunch and a second launch are refused (ProfileLifecycle's noProfile).
    super({ here: true, processesName: 'root', noProfile: NO_PROFILE, redactor: options.redactor, runId: options.runId });
    // restore-session is a setting that only acts when the browser starts again on its profile; with no profile
    // to start again on, in-session scenarios run the same under either preset, and the restart ones are skipped.
    this.profile = spec.profile;
    this.executables = spec.executables ?? {};
    this.persona = spec.persona;
  }

  // One operation at a time (WebDriverPage.exclusive): WebKitWebDriver left one of two concurrent requests
  // unanswered until a third came (measured: the first pageState's URL and title asked at once hung), and
  // cookies() works in a scratch tab. The operations written here pass through it in their own bodies.
  override open(url: string) { return this.exclusive(() => super.open(url)); }
  override fill(selector: string, value: string) { return this.exclusive(() => super.fill(selector, value)); }
  override click(selector: string) { return this.exclusive(() => super.click(selector)); }
  override check(selector: string, checked: boolean) { return this.exclusive(() => super.check(selector, checked)); }
  override waitForAny(signals: Record<string, PageSignal>, timeoutMs: number) { return this.exclusive(() => super.waitForAny(signals, timeoutMs)); }
  override observe(signals: Record<string, PageSignal>, window: SettleWindow) { return this.exclusive(() => super.observe(signals, window)); }
  override text() { return this.exclusive(() => super.text()); }
  override attribute(selector: string, name: string) { return this.exclusive(() => super.attribute(selector, name)); }
  override fetchFromPage(url: string, headers?: Record<string, string>) { return this.exclusive(() => super.fetchFromPage(url, headers)); }
  override newTab() { return this.exclusive(() => super.newTab()); }
  override switchTab(index: number) { return this.exclusive(() => super.switchTab(index)); }
  override back() { return this.exclusive(() => super.back()); }
  override reload() { return this.exclusive(() => super.reload()); }
  override storage() { return this.exclusive(() => super.storage()); }
  override storageOf(origin: string) { return this.exclusive(() => super.storageOf(origin)); }
  override setLocalStorage(key: string, value: string | null) { return this.exclusive(() => super.setLocalStorage(key, value)); }

  get running(): boolean {
    return this.session !== undefined;
  }

  /** WebKitWebDriver's PID while it runs, for tests. */
  get servicePid(): number | undefined {
    return this.service?.pid;
  }

  protected async startBrowser(): Promise<void> {
    const webdriver = findWebKitWebDriver(this.executables);
    const miniBrowser = findMiniBrowser(this.executables);
    try {
      const display = await acquireDisplay(childEnv());
      this.holdsDisplay = true;
      this.proxy = await RecordingProxy.start();
      const bin = join(this.dirs.root, 'bin');
      const service = await startWebKitWebDriver(taggedBinary(webdriver, bin), this.environment(display));
      this.service = service.child;
      this.session = await this.newSession(service.url, taggedBinary(miniBrowser, bin));
      await this.startedSession(this.session);
    } catch (error) {
      await this.endEverything();
      if (error instanceof DriverError && error.code === 'DRIVER_NOT_FOUND') throw error;
      throw new DriverError('SESSION_NOT_CREATED', `could not start a ${this.name} session: ${firstLine(error)}`);
    }
  }

  /** The browser's environment: our display, and every file it writes (caches, temp) inside its own dir. */
  private environment(display: string): NodeJS.ProcessEnv {
    const home = (name: string) => {
      const dir = join(this.dirs.profile, name);
      mkdirSync(dir, { recursive: true });
      return dir;
    };
    return childEnv({
      DISPLAY: display,
      TMPDIR: this.dirs.temp,
      XDG_CACHE_HOME: home('cache'),
      XDG_CONFIG_HOME: home('config'),
      XDG_DATA_HOME: home('data'),
    });
  }

  private async newSession(serverUrl: string, binary: string): Promise<WebDriver> {
    const proxy = this.requireProxy();
    const args = ['--automation', ...(this.persona.userAgent ? [`--user-agent=${this.persona.userAgent}`] : [])];
    const session = new Builder()
      .usingServer(serverUrl)
      .withCapabilities({
        browserName: 'MiniBrowser',
        // Every request through the recording proxy, loopback included (WebKit proxies it: measured).
        proxy: { proxyType: 'manual', httpProxy: proxy.address, sslProxy: proxy.address },
        'webkitgtk:browserOptions': { binary, args },
      })
      .build();
    // build() returns before the new-session command has answered; it is awaited here, bounded, because a
    // WebKitWebDriver that cannot reach a display hangs rather than fails.
    const started = await atMost(session.getSession(), SESSION_BOUND_MS);
    if (!started) throw new Error(`WebKitWebDriver did not create a session within ${SESSION_BOUND_MS} ms`);
    return session;
  }

  protected requireSession(): WebDriver {
    if (!this.session) throw new DriverError('BROWSER_NOT_RUNNING', 'the browser is not running: launch it first');
    return this.session;
  }

  private requireProxy(): RecordingProxy {
    if (!this.proxy) throw new DriverError('BROWSER_NOT_RUNNING', 'the browser is not running: launch it first');
    return this.proxy;
  }

  protected storageProbeUrl(origin: string): string {
    // Answered by the proxy for http origins: the server never sees it.
    return this.requireProxy().probeUrl(origin);
  }

  pageState(): Promise<PageState> {
    return this.exclusive(async () => {
      const session = this.requireSession();
      const url = await session.getCurrentUrl();
      const title = await session.getTitle().catch(() => '');
      return { url, status: this.requireProxy().mainDocumentStatus(url), title };
    });
  }

  /**
   * Every origin's cookies. WebDriver lists only the cookies the current document's URL would be sent, so each
   * origin the browser talked to is opened in a scratch tab at every path its cookies were set for, on probe
   * URLs the proxy answers itself, and the lists are merged.
   */
  cookies(): Promise<AuditCookie[]> {
    return this.exclusive(() => this.cookiesOfEveryOrigin());
  }

  private async cookiesOfEveryOrigin(): Promise<AuditCookie[]> {
    const session = this.requireSession();
    const proxy = this.requireProxy();
    const current = new URL(await session.getCurrentUrl()).origin;
    const origins = new Set(proxy.origins());
    if (current.startsWith('http')) origins.add(current);
    const probes = new Set([...origins].flatMap((origin) => proxy.cookiePaths(origin).map((path) => proxy.probeUrl(origin, path))));
    for (const probe of this.injectedProbes) probes.add(probe);
    if (probes.size === 0) return [];
    return this.inScratchTab(async (tab) => {
      const jar = new Map<string, AuditCookie>();
      for (const probe of probes) {
        await tab.get(probe).catch(() => null);
        for (const cookie of await this.documentCookies().catch(() => [])) jar.set(`${cookie.name}\n${cookie.domain}\n${cookie.path}`, cookie);
      }
      return [...jar.values()];
    });
  }

  /**
   * Each cookie is added from a probe page of its own host (answered by the proxy), without a Domain when it
   * was host-only, so it comes back host-only: WebKitWebDriver would turn an explicit `localhost` into the
   * domain cookie `.localhost`.
   */
  async addCookies(cookies: AuditCookie[]): Promise<void> {
    if (cookies.length === 0) return;
    const proxy = this.requireProxy();
    await this.exclusive(() => this.inScratchTab(async (tab) => {
      for (const cookie of cookies) {
        const host = cookie.domain.replace(/^\./, '');
        const origin = `http://${host.includes(':') ? `[${host}]` : host}`;
        await tab.get(proxy.probeUrl(origin)).catch(() => null);
        this.injectedProbes.add(proxy.probeUrl(origin, cookie.path));
        await tab.manage().addCookie(toWebDriverCookie(cookie));
      }
    }));
  }

  override screenshot(): Promise<Buffer> {
    return this.exclusive(async () => {
      // Bounded: a WebKitWebDriver screenshot of a page that never paints does not fail, it waits.
      const shot = await atMost(super.screenshot(), SCREENSHOT_BOUND_MS);
      if (!shot) throw new DriverError('BROWSER_NOT_RUNNING', `no screenshot within ${SCREENSHOT_BOUND_MS} ms: the page never painted`);
      return shot;
    });
  }

  cookieStoreWrittenSince(): boolean {
    return false; // no cookie store on disk (capabilities.limits.cookieStoreObservable)
  }

  webStorageWrittenSince(): boolean {
    return false; // no profile kept (capabilities.limits.cookieStoreObservable)
  }

  takeExchanges(): Promise<HttpExchange[]> {
    return this.exclusive(async () => this.proxy?.take() ?? []);
  }

  allExchanges(): Promise<HttpExchange[]> {
    return this.exclusive(async () => this.proxy?.all() ?? []);
  }

  /** Never called: close() is refused before (no profile to reopen). */
  protected async quitBrowser(): Promise<void> {}

  /**
   * No WebDriver quit: MiniBrowser's helper processes outlive a quit for a moment, re-parented, and no longer
   * descend from anything that names our dir (measured: a WebKitNetworkProcess escaped that way). The whole
   * tree is ended at once while it is still one tree (ProfileLifecycle's endEverything); the session holds
   * nothing worth saving.
   */
  protected letGo(): () => Promise<void> {
    return async () => undefined;
  }

  /** WebKitWebDriver, the proxy and our hold on the display, after the browser's processes. Safe to repeat. */
  protected async forget(): Promise<void> {
    this.session = undefined;
    const service = this.service;
    this.service = undefined;
    if (service) await endService(service); // already ended by the power cut; this reaps it (or ends it if untagged)
    await this.proxy?.close();
    this.proxy = undefined;
    if (this.holdsDisplay) releaseDisplay();
    this.holdsDisplay = false;
  }
}
