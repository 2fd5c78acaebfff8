// An in-memory driver: AuditDriver over a modelled browser (tabs, history, a cookie jar, localStorage) and a
// modelled profile "on disk", talking to the in-memory portal (./memory-portal.ts) by function calls. It exists
// for fast tests of the scenario engine's logic (play, judging a visit, controls, leftovers, revived cookies)
// and is never used by an audit: what a real browser keeps on its real profile after a close, a reboot or a
// power cut is what the audit and defect suites prove with real browsers, and only they can. No network, no
// process, no timer: a page changes only by its own scripts (MemoryPage.later), which run while observe()
// watches it; a signal that does not hold now never will, and waitForAny answers at once. What survives a
// close, a reboot or a power cut, per preset, is written in ./memory-profile.ts.

import { ALL_CAPABILITIES, type AuditCookie, type AuditDriver, type BrowserProfile, type DriverCapabilities, type HttpExchange, type OriginStorage, type PageObservation, type PageSignal, type PageState, type Persona, type RestartReport, type SettleWindow, type StorageSnapshot } from '../../../../drivers/driver';
import { DriverError } from '../../../../drivers/driver-error';
import type { MemoryPage, MemoryPortal, MemoryResponse } from './memory-portal';
import { MemoryProfile, setCookieLine } from './memory-profile';

export interface MemoryDriverOptions {
  profile?: BrowserProfile;
  /** What a power cut brings back of the jar last written: the crashed session, cookies with an expiry only, or nothing. */
  crashRestores?: 'session' | 'persistent' | 'nothing';
  /**
   * The browser's periodic write lands between logout and the power cut (a slow machine: logout took longer
   * than the write interval), so the jar on disk at the cut is the logged-out one.
   */
  writesBeforeCut?: boolean;
}

interface Entry {
  url: string;
  status: number | null;
  page: MemoryPage;
  /** The response allowed the browser to keep it (no Cache-Control: no-store): back shows it without asking. */
  stored: boolean;
}

interface Tab {
  history: Entry[];
  index: number;
  sessionStorage: Record<string, string>;
  form: Record<string, string>;
}

const BLANK: PageState = { url: 'about:blank', status: null, title: '' };
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MAX_REDIRECTS = 10;
let profiles = 0;

/** The signals the page shows, in the record's order. */
function holding(entry: Entry | undefined, signals: Record<string, PageSignal>): string[] {
  const holds = (s: PageSignal) =>
    Boolean(s.selector || s.urlPattern || s.text) &&
    (!s.urlPattern || s.urlPattern.test(entry?.url ?? BLANK.url)) &&
    (!s.selector || Boolean(entry?.page.elements[s.selector])) &&
    (!s.text || Boolean(entry?.page.text.includes(s.text)));
  return Object.entries(signals).filter(([, s]) => holds(s)).map(([name]) => name);
}

export class MemoryDriver implements AuditDriver {
  readonly name = 'memory';
  readonly browser = 'memory';
  readonly profile: BrowserProfile;
  readonly persona: Persona = { id: 'default', description: "the in-memory model's own (it sends no User-Agent)" };
  // The model can do everything a real browser on its own profile can (the engine's tests need every scenario),
  // but it runs no page scripts, so no page of it opens a live channel.
  readonly capabilities: DriverCapabilities = {
    ...ALL_CAPABILITIES,
    liveChannels: false,
    limits: { liveChannels: 'the in-memory model runs no page scripts: no page of it opens a WebSocket or an EventSource' },
  };
  running = false;
  /** The profile's own id: what a session bound to its browser compares. */
  readonly client = `memory-profile-${++profiles}`;

  private readonly origin: string;
  private readonly store = new MemoryProfile();
  private tabs: Tab[] = [];
  private current = 0;
  private exchanges: HttpExchange[] = [];
  private taken = 0;

  constructor(
    private readonly portal: MemoryPortal,
    baseUrl: string,
    private readonly options: MemoryDriverOptions = {},
  ) {
    this.origin = new URL(baseUrl).origin;
    this.profile = options.profile ?? 'fresh-default';
  }

  async launch(): Promise<void> {
    this.start([]);
  }

  private start(sessionStorage: Record<string, string>[]): void {
    this.running = true;
    this.tabs = (sessionStorage.length > 0 ? sessionStorage : [{}]).map((s) => ({ history: [], index: -1, sessionStorage: { ...s }, form: {} }));
    this.current = 0;
  }

  private tab(): Tab {
    if (!this.running) throw new DriverError('BROWSER_NOT_RUNNING', 'the browser is not running: launch or relaunch it first');
    return this.tabs[this.current]!;
  }

  private entry(): Entry | undefined {
    const tab = this.tab();
    return tab.history[tab.index];
  }

  private state(entry: Entry | undefined): PageState {
    return entry ? { url: entry.url, status: entry.status, title: entry.page.title } : BLANK;
  }

  /** One request and its redirects, as the browser sends it; every hop is recorded as an HTTP exchange. */
  private request(method: 'GET' | 'POST', href: string, extra: { form?: Record<string, string>; authorization?: string; resourceType: string }): { url: URL; response: MemoryResponse } {
    let url = new URL(href);
    for (let hop = 0; ; hop++) {
      if (url.origin !== this.origin) throw new DriverError('NAVIGATION_FAILED', `the in-memory browser reaches only ${this.origin}, not ${url.origin}`);
      const cookies = this.store.cookiesFor(url);
      const response = this.portal.handle({
        method: hop === 0 ? method : 'GET',
        path: url.pathname,
        cookies,
        ...(extra.authorization ? { authorization: extra.authorization } : {}),
        ...(hop === 0 && extra.form ? { form: extra.form } : {}),
        client: this.client,
        localStorage: this.store.localStorage,
      });
      for (const write of response.setCookies) this.store.apply(write, url.hostname);
      // No requestAuthorization: this model does not claim to see request headers (token replays leave the browser).
      this.exchanges.push({
        method: hop === 0 ? method : 'GET',
        url: url.toString(),
        status: response.status,
        resourceType: extra.resourceType,
        requestCookieNames: Object.keys(cookies),
        responseHeaders: response.headers,
        setCookies: response.setCookies.map(setCookieLine),
      });
      const location = response.headers.location;
      if (response.status < 300 || response.status > 399 || !location || extra.resourceType === 'fetch') return { url, response };
      if (hop >= MAX_REDIRECTS) throw new DriverError('NAVIGATION_FAILED', `more than ${MAX_REDIRECTS} redirects from ${href}`);
      url = new URL(location, url);
    }
  }

  private navigate(method: 'GET' | 'POST', href: string, form?: Record<string, string>, replace = false): PageState {
    const tab = this.tab();
    const { url, response } = this.request(method, href, { ...(form ? { form } : {}), resourceType: 'document' });
    const entry: Entry = {
      url: url.toString(),
      status: response.status,
      page: response.page ?? { title: '', text: '', elements: {}, actions: {} },
      stored: !/no-store/i.test(response.headers['cache-control'] ?? ''),
    };
    if (replace && tab.index >= 0) tab.history[tab.index] = entry;
    else {
      tab.history.splice(tab.index + 1, Infinity, entry);
      tab.index = tab.history.length - 1;
    }
    tab.form = {};
    return this.state(entry);
  }

  async open(url: string): Promise<PageState> {
    return this.navigate('GET', url);
  }

  async pageState(): Promise<PageState> {
    return this.state(this.entry());
  }

  private element(selector: string): void {
    const entry = this.entry();
    if (!entry?.page.elements[selector]) throw new DriverError('SELECTOR_MISSING', `no usable element for selector ${selector} at ${entry?.url ?? 'about:blank'}`);
  }

  async fill(selector: string, value: string): Promise<void> {
    this.element(selector);
    this.tab().form[selector] = value;
  }

  async check(selector: string, checked: boolean): Promise<void> {
    this.element(selector);
    this.tab().form[selector] = checked ? 'on' : '';
  }

  async click(selector: string): Promise<void> {
    this.element(selector);
    const action = this.entry()!.page.actions[selector];
    if (!action) return;
    const typed = this.tab().form;
    const form = Object.fromEntries(Object.entries(action.fields ?? {}).map(([sel, field]) => [field, typed[sel] ?? '']));
    this.navigate('POST', new URL(action.path, this.origin).toString(), form);
  }

  async waitForAny(signals: Record<string, PageSignal>, _timeoutMs: number): Promise<string | null> {
    return holding(this.entry(), signals)[0] ?? null;
  }

  /** The page goes through what its scripts show (MemoryPage.later) while watched, and stays at the last. */
  async observe(signals: Record<string, PageSignal>, window: SettleWindow): Promise<PageObservation> {
    const entry = this.entry();
    const seen = new Set(holding(entry, signals));
    while (entry?.page.later && !(window.endOn !== undefined && seen.has(window.endOn))) {
      entry.page = entry.page.later;
      for (const name of holding(entry, signals)) seen.add(name);
    }
    const now = holding(entry, signals);
    return { seen: [...seen], last: now[0] ?? null, settled: true };
  }

  async text(): Promise<string> {
    return this.entry()?.page.text ?? '';
  }

  async attribute(selector: string, name: string): Promise<string | null> {
    return this.entry()?.page.elements[selector]?.[name] ?? null;
  }

  async fetchFromPage(url: string, headers: Record<string, string> = {}): Promise<{ status: number; url: string }> {
    const { response } = this.request('GET', url, { ...(headers.authorization ? { authorization: headers.authorization } : {}), resourceType: 'fetch' });
    // A redirect is reported as status 0, as a page's fetch with redirect: 'manual' sees it.
    return { status: response.status >= 300 && response.status <= 399 ? 0 : response.status, url };
  }

  async newTab(): Promise<void> {
    this.tab();
    this.tabs.push({ history: [], index: -1, sessionStorage: {}, form: {} });
    this.current = this.tabs.length - 1;
  }

  async switchTab(index: number): Promise<void> {
    this.tab();
    if (!this.tabs[index]) throw new DriverError('BROWSER_NOT_RUNNING', `there is no tab ${index + 1}`);
    this.current = index;
  }

  async back(): Promise<PageState> {
    const tab = this.tab();
    if (tab.index <= 0) return this.state(this.entry());
    tab.index -= 1;
    const entry = tab.history[tab.index]!;
    // A page the response allowed to keep is shown from the browser's own store, without asking the server.
    return entry.stored ? this.state(entry) : this.navigate('GET', entry.url, undefined, true);
  }

  async reload(): Promise<PageState> {
    const entry = this.entry();
    return entry ? this.navigate('GET', entry.url, undefined, true) : BLANK;
  }

  async cookies(): Promise<AuditCookie[]> {
    this.tab();
    return this.store.cookies();
  }

  async addCookies(cookies: AuditCookie[]): Promise<void> {
    this.tab();
    this.store.add(cookies);
  }

  private originStorage(origin: string, sessionStorage: Record<string, string>): OriginStorage {
    return { origin, localStorage: { ...this.store.localStorage }, sessionStorage: { ...sessionStorage }, indexedDB: [], cacheStorage: [], serviceWorkers: [] };
  }

  async storage(): Promise<StorageSnapshot> {
    const entry = this.entry();
    const onPortal = entry !== undefined && new URL(entry.url).origin === this.origin;
    return { origins: onPortal ? [this.originStorage(this.origin, this.tab().sessionStorage)] : [] };
  }

  async storageOf(origin: string): Promise<OriginStorage | null> {
    this.tab();
    return origin === this.origin ? this.originStorage(origin, {}) : null;
  }

  cookieStoreWrittenSince(sinceMs: number): boolean {
    if (this.running) this.store.write();
    return this.store.writtenAt() > sinceMs;
  }

  webStorageWrittenSince(sinceMs: number): boolean {
    return this.running && this.store.writeLocalStorage() >= sinceMs;
  }

  async setLocalStorage(key: string, value: string | null): Promise<void> {
    const entry = this.entry();
    if (entry === undefined || new URL(entry.url).origin !== this.origin) throw new Error(`setLocalStorage: the open page is not on ${this.origin}`);
    if (value === null) delete this.store.localStorage[key];
    else this.store.localStorage[key] = value;
  }

  async screenshot(): Promise<Buffer> {
    return Buffer.concat([PNG, Buffer.from(this.state(this.entry()).url)]);
  }

  async takeExchanges(): Promise<HttpExchange[]> {
    const fresh = this.exchanges.slice(this.taken);
    this.taken = this.exchanges.length;
    return fresh;
  }

  async allExchanges(): Promise<HttpExchange[]> {
    return [...this.exchanges];
  }

  async close(): Promise<void> {
    if (!this.running) return;
    this.store.write(this.tabs.map((t) => ({ ...t.sessionStorage })));
    this.store.writeLocalStorage();
    this.running = false;
  }

  /** Starts again from the disk: session cookies and tabs' sessionStorage come back where `keepSession`. */
  private restart(keepSession: boolean, keepPersistent = true): void {
    this.start(this.store.restart(keepSession, keepPersistent));
  }

  async relaunch(): Promise<void> {
    await this.close();
    this.restart(this.profile === 'restore-session');
  }

  async reboot(): Promise<RestartReport> {
    this.running = false;
    this.restart(this.profile === 'restore-session');
    return { action: 'reboot', method: 'signals', terminated: [], killed: [] };
  }

  async powerCut(whenEnded?: () => void): Promise<RestartReport> {
    if (this.options.writesBeforeCut) {
      // The periodic write lands after everything read before the cut (the moment the login was seen on disk):
      // on a clock of milliseconds the model can get here within the same one, so it waits for the next.
      const now = Date.now();
      while (Date.now() === now) {
        /* less than a millisecond */
      }
      this.store.write();
    }
    this.running = false;
    whenEnded?.();
    const restores = this.options.crashRestores ?? 'session';
    this.restart(restores === 'session', restores !== 'nothing');
    return { action: 'power-cut', method: 'signals', terminated: [], killed: [] };
  }

  async dispose(): Promise<void> {
    this.running = false;
    this.tabs = [];
    this.store.clear();
  }
}
