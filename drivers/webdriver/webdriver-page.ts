import { AsyncLocalStorage } from 'node:async_hooks';
import { By, until, type WebDriver, type WebElement } from 'selenium-webdriver';
import { DriverError } from '../driver-error';
import type { AuditCookie, OriginStorage, PageObservation, PageSignal, PageState, SettleWindow, StorageSnapshot } from '../driver';
import { PAGE_WATCH_SCRIPT, type PageWatch, watchUntilSettled } from '../page-settle';
import { ProfileLifecycle } from '../profile/lifecycle';
import { fromWebDriverCookie } from './webdriver-cookies';
import { READ_STORAGE_SCRIPT } from './selenium-storage';
import { delay } from '../wait';

// What every classic-WebDriver backend does the same way, whatever browser is behind the session (chromedriver,
// IEDriverServer, WebKitWebDriver): acting on elements with Playwright-like waits, page signals, text, DOM
// attributes, requests from the page, history, screenshots, storage read by a script in the page, tabs.
// Drivers extend it and add what differs: how a session starts and ends (on ProfileLifecycle, which this
// extends), cookies, the network view.

export const NAV_TIMEOUT_MS = 15_000;
export const SCRIPT_TIMEOUT_MS = 10_000;
const ACTION_TIMEOUT_MS = 10_000;
export const POLL_MS = 50;

export abstract class WebDriverPage extends ProfileLifecycle {
  /** The current tab's window handle. */
  protected handle = '';
  private queue: Promise<unknown> = Promise.resolve();
  private readonly insideExclusive = new AsyncLocalStorage<true>();
  /** Handles in the order the tabs were opened: WebDriver lists them in no defined order (WebKit: newest first). */
  private tabOrder: string[] = [];

  /** The session, or DriverError BROWSER_NOT_RUNNING. */
  protected abstract requireSession(): WebDriver;
  abstract pageState(): Promise<PageState>;
  /** A URL of `origin` to open when that origin's storage must be read from a document of its own. */
  protected abstract storageProbeUrl(origin: string): string;
  /** What newTab() and scratch tabs open: a tab, or a window of the same browser where tabs misbehave. */
  protected readonly tabKind: 'tab' | 'window' = 'tab';
  /** Called after newTab() made a new tab current. */
  protected tabOpened(): void {}

  /**
   * Runs `operation` after every one started before it through here has ended; re-entrant, so an operation may
   * call another. For a driver whose operations switch tabs (reading another origin in a scratch tab), where
   * evidence capture asking for page state, cookies and storage at once would otherwise land commands in the
   * wrong tab: it overrides its operations to pass through here (drivers/webkitgtk/webkitgtk.ts).
   */
  protected exclusive<T>(operation: () => Promise<T>): Promise<T> {
    if (this.insideExclusive.getStore()) return operation();
    const run = this.queue.then(() => this.insideExclusive.run(true, operation));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Navigation timeouts every session gets, and the first tab's handle. */
  protected async startedSession(session: WebDriver): Promise<void> {
    await session.manage().setTimeouts({ pageLoad: NAV_TIMEOUT_MS, script: SCRIPT_TIMEOUT_MS, implicit: 0 });
    this.handle = await session.getWindowHandle();
    this.tabOrder = [this.handle];
  }

  async open(url: string): Promise<PageState> {
    const session = this.requireSession();
    try {
      await session.get(url);
    } catch (error) {
      throw new DriverError('NAVIGATION_FAILED', `could not open ${url}: ${firstLine(error)}`);
    }
    return this.pageState();
  }

  async fill(selector: string, value: string): Promise<void> {
    await this.act(selector, async (element) => {
      // A field with `autofocus` (most login forms) takes the focus at the page's next rendering update, which
      // WebKitGTK under Xvfb runs late: keys typed before it land in that field, at its start (measured: 5 of 10
      // WebKitGTK logins sent "<end of the password>tolvan" as the user name). A person types once the page is
      // shown; two animation frames later every autofocus has run (HTML: "flush autofocus candidates").
      await this.afterNextRendering(element.getDriver());
      await element.clear();
      await element.sendKeys(value);
      // What the field holds is checked, and set as a page script would when it differs (a key lost on a loaded
      // machine), so harness trouble is never reported as the portal rejecting a login. Never logged.
      if ((await element.getProperty('value')) !== value) {
        await element.getDriver().executeScript(
          'arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event("input", { bubbles: true })); arguments[0].dispatchEvent(new Event("change", { bubbles: true }));',
          element,
          value,
        );
      }
    });
  }

  /** Resolves after the page's next two animation frames (bounded: a page that never renders still goes on). */
  private async afterNextRendering(session: WebDriver): Promise<void> {
    // Not a sleep: it resolves at the second frame (~33 ms). The 1 s setTimeout is only the upper bound for a
    // page that renders no frames (a hidden window throttles requestAnimationFrame); typing then goes on.
    await session
      .executeAsyncScript(
        'const done = arguments[arguments.length - 1]; const bound = setTimeout(done, 1000); requestAnimationFrame(() => requestAnimationFrame(() => { clearTimeout(bound); done(); }));',
      )
      .catch(() => undefined);
  }

  async click(selector: string): Promise<void> {
    await this.act(selector, (element) => element.click());
  }

  async check(selector: string, checked: boolean): Promise<void> {
    await this.act(selector, async (element) => {
      if ((await element.isSelected()) !== checked) await element.click();
    });
  }

  private async act(selector: string, action: (element: WebElement) => Promise<void>): Promise<void> {
    const session = this.requireSession();
    try {
      // Playwright waits for an actionable element; WebDriver does not, so the same wait is spelled out here.
      const element = await session.wait(until.elementLocated(By.css(selector)), ACTION_TIMEOUT_MS);
      await session.wait(until.elementIsVisible(element), ACTION_TIMEOUT_MS);
      await action(element);
    } catch (error) {
      const at = await session.getCurrentUrl().catch(() => '?');
      throw new DriverError('SELECTOR_MISSING', `no usable element for selector ${selector} at ${at}: ${firstLine(error)}`);
    }
  }

  async waitForAny(signals: Record<string, PageSignal>, timeoutMs: number): Promise<string | null> {
    const session = this.requireSession();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const [name, signal] of Object.entries(signals)) {
        if (await holds(session, signal)) return name;
      }
      if (Date.now() >= deadline) return null;
      await delay(POLL_MS);
    }
  }

  /**
   * Classic WebDriver shows no network events, so here a page has settled when its document is complete and
   * its DOM unchanged for quietMs while a signal holds: a data call still in flight with nothing on screen
   * changing is not seen (the Playwright drivers see it). The DOM is watched by a MutationObserver the first
   * script of each document puts in; a new document, or one that could not be asked, counts as a change.
   */
  async observe(signals: Record<string, PageSignal>, window: SettleWindow): Promise<PageObservation> {
    const session = this.requireSession();
    return watchUntilSettled(
      async () => {
        const holding: string[] = [];
        for (const [name, signal] of Object.entries(signals)) if (await holds(session, signal)) holding.push(name);
        const watch = await session.executeScript<PageWatch>(PAGE_WATCH_SCRIPT).catch(() => null);
        return { holding, version: watch?.version ?? null, ...(watch ? { ticks: watch.ticks } : {}), busy: !watch?.version.endsWith(':complete') };
      },
      window,
      POLL_MS,
    );
  }

  async text(): Promise<string> {
    return this.requireSession()
      .executeScript<string>('return document.body ? document.body.innerText : ""')
      .catch(() => '');
  }

  async attribute(selector: string, name: string): Promise<string | null> {
    // The DOM attribute as written, like Playwright's getAttribute (WebElement.getAttribute returns properties).
    return this.requireSession().executeScript<string | null>(
      'var e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null',
      selector,
      name,
    );
  }

  async fetchFromPage(url: string, headers: Record<string, string> = {}): Promise<{ status: number; url: string }> {
    // A redirect is reported as status 0 ("opaqueredirect"), as in the Playwright driver. IE has no fetch:
    // XMLHttpRequest follows redirects, so there the final response is reported.
    return this.requireSession().executeAsyncScript<{ status: number; url: string }>(
      `var url = arguments[0], headers = arguments[1], done = arguments[arguments.length - 1];
      if (window.fetch) {
        fetch(url, { credentials: 'include', headers: headers, redirect: 'manual' }).then(
          function (r) { done({ status: r.status, url: r.url }); },
          function () { done({ status: -1, url: url }); });
      } else {
        var x = new XMLHttpRequest(); x.open('GET', url); x.withCredentials = true;
        for (var k in headers) x.setRequestHeader(k, headers[k]);
        x.onloadend = function () { done({ status: x.status, url: x.responseURL || url }); };
        x.send();
      }`,
      url,
      headers,
    );
  }

  async newTab(): Promise<void> {
    const session = this.requireSession();
    await session.switchTo().newWindow(this.tabKind);
    this.handle = await session.getWindowHandle();
    this.tabOrder.push(this.handle);
    this.tabOpened();
  }

  async switchTab(index: number): Promise<void> {
    const session = this.requireSession();
    const open = await session.getAllWindowHandles();
    // Tabs a page opened itself (window.open) come after the ones opened here.
    const ordered = [...this.tabOrder.filter((h) => open.includes(h)), ...open.filter((h) => !this.tabOrder.includes(h))];
    const handle = ordered[index];
    if (!handle) throw new DriverError('BROWSER_NOT_RUNNING', `there is no tab ${index + 1}`);
    await session.switchTo().window(handle);
    this.handle = handle;
  }

  async back(): Promise<PageState> {
    await this.requireSession().navigate().back().catch(() => null);
    return this.pageState();
  }

  async reload(): Promise<PageState> {
    await this.requireSession().navigate().refresh().catch(() => null);
    return this.pageState();
  }

  async screenshot(): Promise<Buffer> {
    return Buffer.from(await this.requireSession().takeScreenshot(), 'base64');
  }

  async storage(): Promise<StorageSnapshot> {
    // Only the open page's origin: WebDriver has no storageState. Other origins are read with storageOf().
    const current = await this.readStorage();
    return { origins: current ? [current] : [] };
  }

  async storageOf(origin: string): Promise<OriginStorage | null> {
    // A document of that origin is needed to read its storage: opened in a tab of its own, so the user's
    // tab keeps its page and history.
    return this.inScratchTab(async (session) => {
      await session.get(this.storageProbeUrl(origin)).catch(() => null);
      return this.readStorage();
    });
  }

  async setLocalStorage(key: string, value: string | null): Promise<void> {
    await this.requireSession().executeScript(
      'var key = arguments[0], value = arguments[1]; if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value);',
      key,
      value,
    );
  }

  protected async readStorage(): Promise<OriginStorage | null> {
    try {
      return await this.requireSession().executeAsyncScript<OriginStorage | null>(READ_STORAGE_SCRIPT);
    } catch {
      return null; // mid-navigation or an error page: nothing readable
    }
  }

  /** Runs `body` in a new tab that is closed afterwards; the current tab is current again. */
  protected async inScratchTab<T>(body: (session: WebDriver) => Promise<T>): Promise<T> {
    const session = this.requireSession();
    const previous = this.handle;
    await session.switchTo().newWindow(this.tabKind);
    try {
      return await body(session);
    } finally {
      await session.close().catch(() => undefined);
      await session.switchTo().window(previous).catch(() => undefined);
    }
  }

  /** The cookies WebDriver's Get All Cookies lists: those the current document's URL would be sent. */
  protected async documentCookies(): Promise<AuditCookie[]> {
    const session = this.requireSession();
    // One command at a time: WebKitWebDriver was seen to leave one of two concurrent requests unanswered.
    const cookies = await session.manage().getCookies();
    const at = await session.getCurrentUrl();
    return cookies.map((c) => fromWebDriverCookie(c, at));
  }
}

export function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}

async function holds(session: WebDriver, signal: PageSignal): Promise<boolean> {
  try {
    if (signal.urlPattern && !signal.urlPattern.test(await session.getCurrentUrl())) return false;
    if (signal.selector) {
      const [element] = await session.findElements(By.css(signal.selector));
      if (!element || !(await element.isDisplayed())) return false;
    }
    if (signal.text) {
      // Like Playwright's getByText with a string: case-insensitive, whitespace-normalised substring.
      const seen = await session.executeScript<boolean>(
        'var t = document.body ? document.body.innerText : ""; var n = function (s) { return s.replace(/\\s+/g, " ").toLowerCase(); };' +
          'return n(t).indexOf(n(arguments[0])) >= 0',
        signal.text,
      );
      if (!seen) return false;
    }
    return Boolean(signal.urlPattern || signal.selector || signal.text);
  } catch {
    return false; // the page navigated while we looked
  }
}
