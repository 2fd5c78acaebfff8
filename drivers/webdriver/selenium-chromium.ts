import { logging } from 'selenium-webdriver';
import type chrome from 'selenium-webdriver/chrome.js';
import type { AuditCookie, DriverOptions, HttpExchange, SeleniumDriverSpec } from '../driver';
import { DriverError } from '../driver-error';
import { commitChromiumCookieStore } from '../profile/chromium-cookie-commit';
import { chromiumCrashWouldRestore, chromiumWebStorageWrittenSince, writeRestoreSessionPreference } from '../profile/chromium-profile';
import { SCREENSHOT_JPEG_QUALITY } from '../screenshot';
import { delay } from '../wait';
import { fromCdpCookie, toCdpCookie, type CdpCookie } from './cdp-cookies';
import { seleniumDeployment } from './selenium-deployment';
import { ExchangeAssembler, type PerfLogEntry } from './selenium-network';
import { SeleniumSession } from './selenium-session';
import { POLL_MS } from './webdriver-page';

// Bound for a response's raw headers (Set-Cookie) to follow it in the performance log: normally milliseconds.
const EXTRA_INFO_BOUND_MS = 1_000;

/**
 * Chromium through chromedriver, on this machine or on a Selenium Grid 4 node (selenium-deployment.ts says what
 * each can do). Chromium runs on a persistent `--user-data-dir`, as PlaywrightChromiumDriver does. What classic
 * WebDriver lacks (every origin's cookies, HTTP exchanges, JPEG screenshots) goes through chromedriver's
 * plain-HTTP CDP endpoint and its performance log, so it works through a grid too.
 */
export class SeleniumChromiumDriver extends SeleniumSession {
  private lastDocumentStatus: number | null = null;
  private readonly network = new ExchangeAssembler();

  constructor(spec: SeleniumDriverSpec, options: DriverOptions = {}) {
    if (spec.browser !== 'chromium') throw new Error(`SeleniumChromiumDriver drives chromium, not ${spec.browser}`);
    super(spec, seleniumDeployment(spec), options);
  }

  /** Profile presets are user preferences written before the first launch, as a user would have set them. */
  protected override applyPreset(): void {
    if (this.profile !== 'restore-session') return;
    if (!this.deployment.profileIsHere) {
      throw new DriverError('NOT_SUPPORTED', 'restore-session writes Chromium preferences into the profile: the profile must be on this machine');
    }
    // Measured: chromedriver's own start URL (data:,) does not stop Chromium restoring the last session and its cookies.
    writeRestoreSessionPreference(this.dirs.profile);
  }

  protected override sessionStarted(): void {
    this.lastDocumentStatus = null;
    this.network.newSession();
  }

  protected override async beforeQuit(): Promise<void> {
    await this.drainNetwork();
  }

  private cdp(): chrome.Driver {
    return this.requireSession() as chrome.Driver;
  }

  /** Reads chromedriver's performance log (CDP Network events, drained on every read) into the assembler. */
  private async drainNetwork(): Promise<void> {
    const session = this.currentSession;
    if (!session) return;
    let entries: logging.Entry[];
    try {
      entries = await session.manage().logs().get(logging.Type.PERFORMANCE);
    } catch {
      return; // the browser went away (reboot, power cut)
    }
    for (const entry of entries) {
      const parsed = parsePerfEntry(entry.message);
      if (!parsed) continue;
      const status = this.network.add(parsed);
      if (status !== null && parsed.webview === this.handle) this.lastDocumentStatus = status;
    }
  }

  protected async documentStatus(): Promise<number | null> {
    await this.drainNetwork();
    return this.lastDocumentStatus;
  }

  protected override tabOpened(): void {
    this.lastDocumentStatus = null;
  }

  async cookies(): Promise<AuditCookie[]> {
    // Classic WebDriver only returns the current document's cookies; the CDP call sees every origin's
    // (the identity provider's too).
    const result = (await this.cdp().sendAndGetDevToolsCommand('Storage.getCookies', {})) as unknown as { cookies: CdpCookie[] };
    return result.cookies.map(fromCdpCookie);
  }

  async addCookies(cookies: AuditCookie[]): Promise<void> {
    await this.cdp().sendAndGetDevToolsCommand('Storage.setCookies', { cookies: cookies.map(toCdpCookie) });
  }

  override async screenshot(): Promise<Buffer> {
    // The viewport, as WebDriver's own screenshot, but as JPEG (drivers/screenshot.ts says why).
    const shot = (await this.cdp().sendAndGetDevToolsCommand('Page.captureScreenshot', {
      format: 'jpeg',
      quality: SCREENSHOT_JPEG_QUALITY,
    })) as unknown as { data: string };
    return Buffer.from(shot.data, 'base64');
  }

  cookieStoreWrittenSince(sinceMs: number): boolean {
    return this.capabilities.cookieStoreObservable && chromiumCrashWouldRestore(this.dirs.profile, sinceMs);
  }

  webStorageWrittenSince(sinceMs: number, value?: string): boolean {
    return this.capabilities.cookieStoreObservable && chromiumWebStorageWrittenSince(this.dirs.profile, sinceMs, value);
  }

  /** Chromium holds cookie changes back for up to 30 s: a batch big enough makes it write them at once. */
  commitCookieStore(): Promise<void> {
    return commitChromiumCookieStore(this);
  }

  async takeExchanges(): Promise<HttpExchange[]> {
    await this.drainNetwork();
    // A response's raw headers (Set-Cookie) arrive in a separate event, sometimes a moment later: polled
    // until they are there, rather than report an exchange without its cookies. The bound is for an event
    // that never comes (a response Chromium reports no raw headers for).
    const deadline = Date.now() + EXTRA_INFO_BOUND_MS;
    while (this.network.awaitingExtraInfo() && Date.now() < deadline) {
      await delay(POLL_MS);
      await this.drainNetwork();
    }
    return this.network.take();
  }

  async allExchanges(): Promise<HttpExchange[]> {
    await this.drainNetwork();
    return this.network.all();
  }
}

function parsePerfEntry(message: string): PerfLogEntry | null {
  try {
    const parsed = JSON.parse(message) as { message: { method: string; params: Record<string, unknown> }; webview?: string };
    return { method: parsed.message.method, params: parsed.message.params, webview: parsed.webview ?? '' };
  } catch {
    return null;
  }
}
