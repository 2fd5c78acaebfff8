// The one small interface every browser backend implements. Scenarios only ever talk to this, so the
// same sentence of steps runs on Playwright, Selenium, a local browser or a remote grid node.

import type { HookAction, HookReport } from './profile/hook-types';
import type { AuditCookie, HttpExchange, OriginStorage, PageState, StorageSnapshot } from '../evidence/browser-state';
import type { Redactor } from '../evidence/redact';

// The plain data a browser holds and shows is declared in the evidence layer (redaction and capture read it
// and import nothing from drivers/); re-exported so that code keeps knowing it from here.
export type { AuditCookie, HttpExchange, OriginStorage, PageState, StorageSnapshot } from '../evidence/browser-state';

/**
 * How the browser profile on disk is set up before its first launch.
 * - `fresh-default`: the browser's own defaults; the profile is kept on disk between launches.
 * - `restore-session`: "Continue where you left off" (Chromium) / "Restore previous session" (Firefox).
 *   Real users switch this on; with it, session cookies survive a browser restart
 *   (measured: docs/findings/browser-persistence.md).
 */
export type BrowserProfile = 'fresh-default' | 'restore-session';
export const browserProfiles: readonly BrowserProfile[] = ['fresh-default', 'restore-session'];

/** What the driver can do; a scenario that needs a missing capability is skipped with the reason. */
export interface DriverCapabilities {
  /** The profile lives on disk and survives close + relaunch. */
  persistentProfile: boolean;
  /** The driver can end the browser's processes itself (SIGTERM/SIGKILL by PID), as a reboot or power cut does. */
  killProcesses: boolean;
  /** Cookies of every origin (portal and identity provider), not only the current page's. */
  allOriginCookies: boolean;
  /** Cookies can be written into a profile (needed to replay a captured jar). */
  injectCookies: boolean;
  /** Several tabs of one browser. */
  tabs: boolean;
  /** The driver can tell when the browser has written its cookie store to disk (for the power-cut scenario). */
  cookieStoreObservable: boolean;
  /** The HTTP responses the browser received are visible (headers, redirects, Set-Cookie lines). */
  httpExchanges: boolean;
  /**
   * The WebSockets and EventSources (server-sent events) a tab's page opened are visible: where to, open or
   * closed, when each message arrived (AuditDriver.liveChannels).
   */
  liveChannels: boolean;
  /** Why a capability is missing, shown in skip reasons. */
  limits: Partial<Record<Exclude<keyof DriverCapabilities, 'limits'>, string>>;
}

/**
 * Every capability, none missing: a browser driven on a persistent profile on this machine (Playwright's
 * Chromium and Firefox), and the in-memory model that stands in for one (but for live channels: it runs no page
 * scripts). A backend lacking one says which and why.
 */
export const ALL_CAPABILITIES: DriverCapabilities = {
  persistentProfile: true,
  killProcesses: true,
  allOriginCookies: true,
  injectCookies: true,
  tabs: true,
  cookieStoreObservable: true,
  httpExchanges: true,
  liveChannels: true,
  limits: {},
};

/**
 * A WebSocket or EventSource a page opened: a live channel the server pushes into, which a logout must end as
 * it ends the session (ARCHITECTURE.md 3, logout-other-tab). What was said on it is never kept, only when.
 */
export interface LiveChannel {
  kind: 'websocket' | 'eventsource';
  /** As the page opened it: its query may hold a token, so it is redacted before it reaches any evidence. */
  url: string;
  /** When the page created it (epoch ms, this machine's clock, as every time here). */
  openedMs: number;
  /** `connecting` also covers an EventSource waiting to reconnect after its stream ended; `closing`, a WebSocket's closing handshake. */
  state: 'connecting' | 'open' | 'closing' | 'closed';
  closedMs: number | null;
  /** Who ended it: the page's own script (close()), or the server or the network; null while it is not closed. */
  closedBy: 'page' | 'server' | null;
  /** When each message arrived (epoch ms). */
  messagesMs: number[];
}

/** A User-Agent persona: the browser's own, or one a server might branch on (IE11 through Chromium). */
export interface Persona {
  id: string;
  /** undefined = the browser's own User-Agent. */
  userAgent?: string;
  /** The browser whose User-Agent it sends, by name (set whenever userAgent is). */
  imitates?: string;
  /** Honest label for reports: a persona is never a real IE run. */
  description: string;
}

/** A condition that tells what page the browser is on. At least one of the fields must be set. */
export interface PageSignal {
  selector?: string;
  urlPattern?: RegExp;
  text?: string;
}

/**
 * How long observe() watches a page: it ends once the page has been quiet for `quietMs` while a signal holds,
 * and at `maxMs` at the latest (the caller's bound, with its reason).
 */
export interface SettleWindow {
  quietMs: number;
  /** How long the page may take to settle once it shows a signal (from the start where firstSignalMs is absent). */
  maxMs: number;
  /**
   * How long a page that shows no signal yet may take to show one: a heavy single-page app still booting on a
   * loaded machine is not an unrecognised page. Absent: maxMs from the start bounds both.
   */
  firstSignalMs?: number;
  /** A signal whose sight decides the caller's judgement whatever follows: the watch ends as soon as it holds. */
  endOn?: string;
}

/** What a page showed while it settled: every signal counts, not only the first (ARCHITECTURE.md 3, "Settled page"). */
export interface PageObservation {
  /** Every signal that held at some moment of the observation, in the order first seen. */
  seen: string[];
  /** The signal that held when the observation ended (the first in the record's order when several did), or null. */
  last: string | null;
  /** The page was quiet when it ended; false: it ended at maxMs still changing (or showing no signal). */
  settled: boolean;
}

export interface AuditDriver {
  /** e.g. 'playwright:chromium' */
  readonly name: string;
  readonly browser: string;
  readonly profile: BrowserProfile;
  readonly persona: Persona;
  readonly capabilities: DriverCapabilities;
  /** A browser process is up (false before launch and after close, until relaunch). */
  readonly running: boolean;

  /** Start the browser on its profile (first launch creates the profile). */
  launch(): Promise<void>;
  /** Navigate and wait for the document to load. Never throws on HTTP errors: the status is evidence. */
  open(url: string): Promise<PageState>;
  pageState(): Promise<PageState>;
  fill(selector: string, value: string): Promise<void>;
  click(selector: string): Promise<void>;
  check(selector: string, checked: boolean): Promise<void>;
  /** Waits until one of the named signals holds; returns its name, or null when none did in time. */
  waitForAny(signals: Record<string, PageSignal>, timeoutMs: number): Promise<string | null>;
  /**
   * Watches the page until it has settled (no request in flight where the driver sees the network, the DOM
   * unchanged for quietMs, and one of the signals holding) or until maxMs, and says every signal seen on the way:
   * a page may show the login form first and personal data a moment later, or the other way round.
   */
  observe(signals: Record<string, PageSignal>, window: SettleWindow): Promise<PageObservation>;
  /** The visible text of the page (to look for a previous user's name). */
  text(): Promise<string>;
  /** An attribute of the first element matching the selector, null when absent. */
  attribute(selector: string, name: string): Promise<string | null>;
  /** A request from the page's own context (its cookies, its origin), as the page's scripts would send it. */
  fetchFromPage(url: string, headers?: Record<string, string>): Promise<{ status: number; url: string }>;
  /**
   * The text of a GET sent with the browser's cookies, as a navigation would carry them, but outside any page
   * (redirects followed): a SAML IdP answers a passive AuthnRequest with a form its page would post on at once,
   * read this way before anything acts on it. Only where the backend implements it.
   */
  fetchTextWithCookies?(url: string): Promise<{ status: number; url: string; text: string }>;
  /** Opens a new tab and makes it the current one. */
  newTab(): Promise<void>;
  /** Makes tab `index` (0 = first) the current one. */
  switchTab(index: number): Promise<void>;
  /** The browser's back button; returns where it landed. */
  back(): Promise<PageState>;
  reload(): Promise<PageState>;
  cookies(): Promise<AuditCookie[]>;
  /**
   * Cookies the browser restored at its last start, read where it restores them from before any page could
   * send or replace them (Firefox: its session-restore file). Only drivers whose browser reloads restored
   * tabs on its own before the harness can look have it; elsewhere cookies() right after the start says it.
   */
  restoredCookies?(): AuditCookie[];
  addCookies(cookies: AuditCookie[]): Promise<void>;
  /**
   * What the origins of the open tabs keep (the current tab's origin first), each read by its own document: no
   * page is opened for it. An origin no tab shows may be missing: storageOf() reads that one.
   */
  storage(): Promise<StorageSnapshot>;
  /** Everything an origin keeps in this browser, read from a page of that origin. */
  storageOf(origin: string): Promise<OriginStorage | null>;
  /**
   * Whether the browser has written its cookie store to the profile on disk after `sinceMs` (epoch ms), so
   * that a crash now would bring those cookies back (Chromium: also its Preferences marking the session as
   * running). Only meaningful where capabilities.cookieStoreObservable; a power cut loses what was not written.
   */
  cookieStoreWrittenSince(sinceMs: number): boolean;
  /**
   * Whether the browser has written its localStorage to the profile on disk after `sinceMs`. Chromium and
   * Firefox write it about 5 s after a change, and not at all for changes that cancel out (measured:
   * docs/findings/browser-persistence.md); meaningful where capabilities.cookieStoreObservable. With `value`
   * (one the harness stored), the write counts only when it holds it: a write of an earlier change can land
   * after `sinceMs` without it (drivers/profile/file-times.ts, writtenSinceHolding).
   */
  webStorageWrittenSince(sinceMs: number, value?: string): boolean;
  /**
   * A quirk, named: makes the browser write its pending cookie changes to the profile on disk now, where it
   * would otherwise hold them back for a while (Chromium: up to 30 s, drivers/profile/chromium-cookie-commit.ts).
   * Only drivers of such a browser have it; cookieStoreWrittenSince still decides that the store was written.
   */
  commitCookieStore?(): Promise<void>;
  /** Sets (or, with null, removes) a localStorage entry of the open page's origin, as a script of the page would. */
  setLocalStorage(key: string, value: string | null): Promise<void>;
  screenshot(): Promise<Buffer>;
  /**
   * The live channels the current tab's document opened since it loaded, in the order opened; only where
   * capabilities.liveChannels (a channel of another document of the tab ended with it).
   */
  liveChannels?(): Promise<LiveChannel[]>;
  /** Responses received since the last call (the HTTP exchange of one step). */
  takeExchanges(): Promise<HttpExchange[]>;
  /** Every response since the first launch, including those not taken yet (cookie attribute and header checks). */
  allExchanges(): Promise<HttpExchange[]>;
  /** Clean browser exit; the profile stays on disk. */
  close(): Promise<void>;
  /** New browser process on the same profile. */
  relaunch(): Promise<void>;
  /** An OS reboot: SIGTERM, then SIGKILL of every process of the profile, the browser's temp dir wiped, relaunch. */
  reboot(): Promise<RestartReport>;
  /**
   * A power cut: SIGKILL of every process of the profile at once, temp dir wiped, relaunch. `whenEnded` runs
   * between the kill and the start, where the driver can (a profile on this machine): what the cut left on disk.
   */
  powerCut(whenEnded?: () => void): Promise<RestartReport>;
  /** Ends everything and deletes the profile (it holds session cookies). Safe to call twice. */
  dispose(): Promise<void>;
}

/**
 * How a reboot or power cut ended the browser, attached to the step as evidence that it really was one: a
 * "reboot" that ended nothing would be a clean close under another name, and would hide what it must find.
 */
export interface RestartReport {
  action: HookAction;
  /** 'signals': this machine ended the profile's processes; 'hook': the operator's command did it on the node. */
  method: 'signals' | 'hook';
  /** PIDs that got SIGTERM (reboot only), and PIDs that had to be (or, in a power cut, were at once) SIGKILLed. */
  terminated: number[];
  killed: number[];
  /** The operator's command: exit, duration, masked output tail. */
  hook?: HookReport;
  /** After a hook: what the old session did when asked for its URL (a browser that still answers was not ended). */
  oldSession?: string;
}

/**
 * What a driver is handed by the run that makes it, beside its spec: things of the run, not of the browser.
 * `redactor` is the run's (audit/run-scenario.ts: the evidence sink's), so what a driver writes into evidence
 * (a hook's output, an old session's URL) is masked with what the run learnt; without it (tests, benches),
 * token parameters are masked by pattern only.
 */
/**
 * Where a run's probes come from: a probe is a brand-new client holding nothing (no cookies, cache, storage,
 * service worker, history) that a step gives some cookies to, to ask the server what they alone open.
 */
export interface ProbeSource {
  /** A probe not started yet: play() launches it, and disposes of it like any other extra browser. */
  next(): AuditDriver;
  /** Ends what the probes shared (a probe browser), if anything was started. Safe to call twice. */
  close(): Promise<void>;
}

export interface DriverOptions {
  redactor?: Pick<Redactor, 'text'>;
  /** Names this run's profile dirs (logout-audit-<runId>-…), so the CLI can sweep what a killed worker left; default adhoc. */
  runId?: string;
}

/**
 * Binaries to use instead of the ones the drivers find (audit/settings.ts: AUDIT_CHROMIUM_PATH,
 * AUDIT_FIREFOX_PATH, AUDIT_CHROMEDRIVER_PATH, AUDIT_WEBKITWEBDRIVER_PATH, AUDIT_WEBKIT_BROWSER_PATH); each
 * absent: found as drivers/browsers.ts and the backends' find functions describe.
 */
export interface BrowserExecutables {
  chromium?: string | undefined;
  firefox?: string | undefined;
  chromedriver?: string | undefined;
  webkitWebDriver?: string | undefined;
  webkitBrowser?: string | undefined;
}

/** What a spec takes from the settings of the machine it runs on: the grid and the binaries. */
export interface DriverMachine {
  gridUrl?: string | undefined;
  executables?: BrowserExecutables | undefined;
}

/** What it takes to make a driver; the same spec with a new profile dir gives a "second computer". */
export type DriverSpec = PlaywrightDriverSpec | SeleniumDriverSpec;

export interface PlaywrightDriverSpec {
  backend: 'playwright';
  /**
   * Chromium (Playwright's own or Debian's), Firefox (Debian's firefox-esr over WebDriver BiDi). WebKit is
   * SeleniumDriverSpec's webkitgtk: Debian has no Playwright-drivable WebKit (drivers/audit-browsers.ts).
   */
  browser: 'chromium' | 'firefox';
  profile: BrowserProfile;
  persona: Persona;
  headless?: boolean;
  executables?: BrowserExecutables;
}

export interface SeleniumDriverSpec {
  backend: 'selenium';
  /**
   * IE11 and Edge IE mode only exist on a Windows grid node (docs/windows-grid.md). `webkitgtk` is Debian's
   * WebKitGTK MiniBrowser through WebKitWebDriver (webkit2gtk-driver), under Xvfb when there is no display.
   */
  browser: 'chromium' | 'internet-explorer' | 'edge-ie-mode' | 'webkitgtk';
  profile: BrowserProfile;
  persona: Persona;
  headless?: boolean;
  executables?: BrowserExecutables;
  /** A Selenium Grid 4 (`http://host:4444`); without it chromedriver runs on this machine. */
  gridUrl?: string;
  /**
   * The user data dir as the grid node sees it. Default: a profile dir on this machine, which is only right
   * when the node runs here too (the loopback grid of grid/start-grid.ts).
   */
  nodeProfileDir?: string;
}
