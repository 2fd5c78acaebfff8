import { join } from 'node:path';
import { Builder, Browser, logging, type WebDriver } from 'selenium-webdriver';
import chrome from 'selenium-webdriver/chrome.js';
import { findChromium, isExecutable } from '../browsers';
import { chromiumCrashWouldRestore, writeRestoreSessionPreference } from '../profile/chromium-profile';
import { DriverError } from '../driver-error';
import { findGridNode, findGridNodeWithName, NODE_CAPABILITY, type GridNode } from './grid-node';
import { RebootHookError, rebootHookConfig, runRebootHook, type HookAction, type RebootHookConfig } from '../profile/reboot-hook';
import type {
  AuditCookie,
  AuditDriver,
  BrowserProfile,
  DriverCapabilities,
  HttpExchange,
  PageState,
  Persona,
  RestartReport,
  SeleniumDriverSpec,
} from '../driver';
import { cutPower, restartBySignals, shutDownLikeAReboot, waitForNoProcesses, type KillReport } from '../profile/processes';
import { createProfileDirs, removeProfileDirs, wipeDir, type ProfileDirs } from '../profile/profile-dirs';
import { chromiumOptions, edgeIeModeOptions, ie11Options } from './selenium-capabilities';
import { ExchangeAssembler, type PerfLogEntry } from './selenium-network';
import { redactText } from '../../evidence/redact';
import { SCREENSHOT_JPEG_QUALITY } from '../screenshot';
import { atMost, delay } from '../wait';
import { firstLine, POLL_MS, WebDriverPage } from './webdriver-page';

// Selenium Manager (bundled with selenium-webdriver) downloads drivers and browsers when it cannot find them.
// This harness always names chromedriver and Chromium itself, so it never needs it; SE_OFFLINE makes sure a
// slip (a missing path) fails loudly instead of fetching binaries from the internet.
process.env.SE_OFFLINE ??= 'true';

// Upper bound for a quit: chromedriver answers within a second normally, or at once when the browser is gone.
const QUIT_BOUND_MS = 10_000;
const EXTRA_INFO_BOUND_MS = 1_000;
const CHROMEDRIVER_PATHS = ['/usr/bin/chromedriver', '/usr/lib/chromium/chromedriver'];

export type { SeleniumDriverSpec } from '../driver';

export { DriverError } from '../driver-error';

/** chromedriver from AUDIT_CHROMEDRIVER_PATH or the distribution's package; never a download. */
export function findChromedriver(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.AUDIT_CHROMEDRIVER_PATH;
  const candidates = override ? [override] : CHROMEDRIVER_PATHS;
  const found = candidates.find(isExecutable);
  if (found) return found;
  throw new DriverError(
    'DRIVER_NOT_FOUND',
    override
      ? `AUDIT_CHROMEDRIVER_PATH=${override} is not an executable file: fix the path or unset it`
      : `no chromedriver found in ${CHROMEDRIVER_PATHS.join(', ')}: on Debian/Ubuntu run \`apt-get install -y chromium-driver\` ` +
          '(its version must match Chromium), set AUDIT_CHROMEDRIVER_PATH, or pass gridUrl to run on a Selenium Grid',
  );
}

const IE_NAMES: Partial<Record<SeleniumDriverSpec['browser'], string>> = { 'internet-explorer': 'Internet Explorer 11', 'edge-ie-mode': 'Edge in IE mode' };

/**
 * A run a real IE cannot make as asked, with the reason (the audit skips it with that reason, never runs
 * something else in its place): it sends its own User-Agent, and "restore the last session" is its own setting
 * on the Windows node, which the harness does not reach.
 */
export function ieRunNotPossible(spec: Pick<SeleniumDriverSpec, 'browser' | 'persona' | 'profile'>): string | undefined {
  const ie = IE_NAMES[spec.browser];
  if (!ie) return undefined;
  if (spec.persona.userAgent) return `a real ${ie} sends its own User-Agent: the ${spec.persona.id} persona is for other engines`;
  if (spec.profile === 'restore-session') {
    return `restore-session is ${ie}'s own setting on the Windows node ("Start with tabs from the last session"), which the harness does not write: set it on a node of its own and audit that node with fresh-default (docs/windows-grid.md)`;
  }
  return undefined;
}

const IE_LIMITS = {
  killProcesses: 'a remote grid node\'s processes are out of reach; configure a reboot hook (AUDIT_REBOOT_HOOK, docs/windows-grid.md)',
  allOriginCookies: 'IE over classic WebDriver only lists the current page\'s cookies; there is no CDP or BiDi',
  injectCookies: 'classic WebDriver adds cookies only for the current page\'s domain, without HttpOnly control over the wire',
  cookieStoreObservable: 'IE\'s WinINet cookie files live on the Windows node',
  httpExchanges: 'IEDriverServer exposes no network events: takeExchanges() and allExchanges() return []',
};

/**
 * Any browser selenium-webdriver can drive, on this machine (chromedriver) or on a Selenium Grid 4. Chromium
 * runs on a persistent `--user-data-dir`, so close (quit), relaunch (new session, same dir) and reboot (the
 * profile's processes ended by PID) exercise what a person's browser does, as PlaywrightChromiumDriver does.
 * Chromium-only extras (every origin's cookies, HTTP exchanges) go through chromedriver's plain-HTTP CDP
 * endpoint and its performance log, so they work through a grid too; IE gets classic WebDriver only.
 */
export class SeleniumDriver extends WebDriverPage implements AuditDriver {
  readonly name: string;
  readonly browser: SeleniumDriverSpec['browser'];
  readonly profile: BrowserProfile;
  readonly persona: Persona;
  readonly capabilities: DriverCapabilities;

  private readonly spec: SeleniumDriverSpec;
  private readonly dirs: ProfileDirs;
  /** The profile dir is on this machine's disk: local chromedriver, or a grid node running here. */
  private readonly profileIsHere: boolean;
  private session: WebDriver | undefined;
  private service: { kill(): Promise<unknown> } | undefined;
  private launched = false;
  private lastDocumentStatus: number | null = null;
  private readonly network = new ExchangeAssembler();
  /** The operator's reboot hook for a grid node (AUDIT_REBOOT_HOOK); undefined for a local browser. */
  private readonly hook: RebootHookConfig | undefined;
  /** The grid node that holds the profile: undefined before the first session, null when the grid did not say. */
  private profileNode: GridNode | null | undefined;
  /** Milliseconds the last session took to start (reported by the driver spec as a measured fact). */
  lastSessionStartMs = 0;

  constructor(spec: SeleniumDriverSpec) {
    super();
    this.spec = spec;
    this.browser = spec.browser;
    this.profile = spec.profile;
    this.persona = spec.persona;
    const where = spec.gridUrl ? '@grid' : '';
    this.name = `selenium:${spec.browser}${where}`;
    if (spec.browser !== 'chromium' && !spec.gridUrl) {
      throw new DriverError('NOT_SUPPORTED', `${spec.browser} runs only on a Windows grid node: pass gridUrl (see docs/windows-grid.md)`);
    }
    const impossible = ieRunNotPossible(spec);
    if (impossible) throw new DriverError('NOT_SUPPORTED', impossible);
    this.dirs = createProfileDirs();
    this.profileIsHere = !spec.gridUrl || (!spec.nodeProfileDir && isLoopback(spec.gridUrl));
    this.hook = spec.gridUrl ? rebootHookConfig() : undefined;
    this.capabilities = this.describe();
  }

  /** A grid node's reboot is the operator's hook when one is configured; without it reboots are skipped. */
  private describe(): DriverCapabilities {
    const described = this.describeBrowser();
    if (!this.hook?.commands.reboot) return described;
    const { killProcesses: _outOfReach, ...limits } = described.limits;
    return { ...described, killProcesses: true, limits };
  }

  private describeBrowser(): DriverCapabilities {
    if (this.browser !== 'chromium') {
      return {
        persistentProfile: true,
        killProcesses: false,
        allOriginCookies: false,
        injectCookies: false,
        tabs: true,
        cookieStoreObservable: false,
        httpExchanges: false,
        limits: IE_LIMITS,
      };
    }
    const local = !this.spec.gridUrl;
    return {
      persistentProfile: true,
      killProcesses: local,
      allOriginCookies: true,
      injectCookies: true,
      tabs: true,
      // A node on this machine (the loopback grid) writes the profile here, where its cookie store can be watched.
      cookieStoreObservable: this.profileIsHere,
      httpExchanges: true,
      limits: local
        ? {}
        : {
            killProcesses: "a remote grid node's processes are out of reach; configure a reboot hook (AUDIT_REBOOT_HOOK, docs/windows-grid.md)",
            ...(this.profileIsHere ? {} : { cookieStoreObservable: "the cookie store is on the grid node's disk" }),
            persistentProfile:
              `the profile stays on the node that ran the first session: a relaunch asks for that node by its "${NODE_CAPABILITY}" name and is refused on any other`,
          },
    };
  }

  get running(): boolean {
    return this.session !== undefined;
  }

  /** The profile dir on this machine, for tests that check what is on disk. */
  get profileDir(): string {
    return this.dirs.profile;
  }

  async launch(): Promise<void> {
    if (this.session) return;
    if (!this.launched) this.applyPreset();
    this.launched = true;
    const started = Date.now();
    try {
      const session = this.spec.gridUrl ? await this.remoteSession(this.spec.gridUrl) : await this.localSession();
      // createSession returns before the new-session command has answered: wait for it here, so a failure is
      // reported by launch() and the start time is the real one.
      await session.getSession();
      await this.keepToProfileNode(session).catch(async (error: unknown) => {
        await atMost(session.quit().catch(() => undefined), QUIT_BOUND_MS);
        throw error;
      });
      this.session = session;
    } catch (error) {
      await this.service?.kill().catch(() => undefined);
      this.service = undefined;
      if (error instanceof DriverError) throw error; // already says what went wrong and what to do
      const first = firstLine(error);
      const hint = this.spec.gridUrl
        ? `is the grid at ${this.spec.gridUrl} up, with a free ${this.browser} slot? (npx tsx grid/start-grid.ts)`
        : 'do chromedriver and Chromium have the same major version? (chromium --version; chromedriver --version)';
      throw new DriverError('SESSION_NOT_CREATED', `could not start a ${this.name} session: ${first}; ${hint}`);
    }
    this.lastSessionStartMs = Date.now() - started;
    await this.startedSession(this.session);
    this.lastDocumentStatus = null;
    this.network.newSession();
  }

  private chromeOptions(binary?: string): chrome.Options {
    return chromiumOptions({
      userDataDir: this.spec.nodeProfileDir ?? this.dirs.profile,
      persona: this.persona,
      headless: this.spec.headless,
      ...(binary ? { binary } : {}),
    });
  }

  /**
   * The profile is on the disk of the node that ran the first session. A later session elsewhere would start
   * on an empty profile, and a persistence scenario would pass for the wrong reason: so a relaunch asks for
   * that node by name (NODE_CAPABILITY in the node's stereotype), and where nodes have no names it is checked
   * afterwards and refused. On a loopback grid every node sees this machine's profile dir: no constraint.
   */
  private async keepToProfileNode(session: WebDriver): Promise<void> {
    const gridUrl = this.spec.gridUrl;
    if (!gridUrl) return;
    const here = (await findGridNodeWithName(gridUrl, (await session.getSession()).getId())) ?? null;
    if (this.profileNode === undefined) {
      this.profileNode = here;
      return;
    }
    if (this.profileIsHere) return;
    const wanted = this.profileNode;
    const same = wanted?.name ? here?.name === wanted.name : wanted !== null && here?.uri === wanted.uri;
    if (same) return;
    const name = (node: GridNode | null) => (node ? (node.name ?? node.uri) : 'a node the grid did not name');
    throw new DriverError(
      'SESSION_NOT_CREATED',
      `the browser started again on grid node ${name(here)}, not on ${name(wanted)} that holds its profile: give every node a ` +
        `"${NODE_CAPABILITY}" name in its stereotype (docs/windows-grid.md §4) so a relaunch can ask for its node`,
    );
  }

  /** The grid node running the current session, with its name (evidence and tests); undefined off a grid. */
  async gridNodeNow(): Promise<GridNode | undefined> {
    if (!this.spec.gridUrl) return undefined;
    return findGridNodeWithName(this.spec.gridUrl, (await this.requireSession().getSession()).getId());
  }

  /** Capabilities that make a relaunch land on the node that holds the profile (see keepToProfileNode). */
  private pinToProfileNode<T extends { set(key: string, value: unknown): unknown }>(options: T): T {
    const name = this.profileNode?.name;
    if (name && !this.profileIsHere) options.set(NODE_CAPABILITY, name);
    return options;
  }

  private async localSession(): Promise<WebDriver> {
    const service = new chrome.ServiceBuilder(findChromedriver())
      .setLoopback(true)
      // Chromium inherits chromedriver's environment: its temp files go to this profile's own dir, which a
      // "reboot" wipes without touching anything else on the machine.
      .setEnvironment({ ...process.env, TMPDIR: this.dirs.temp } as Record<string, string>)
      .build();
    this.service = service;
    return chrome.Driver.createSession(this.chromeOptions(findChromium().path), service);
  }

  private async remoteSession(gridUrl: string): Promise<WebDriver> {
    const builder = new Builder().usingServer(gridUrl);
    if (this.browser === 'chromium') {
      // The node's stereotype names the binary (grid/start-grid.ts, docs/windows-grid.md).
      return builder.forBrowser(Browser.CHROME).setChromeOptions(this.pinToProfileNode(this.chromeOptions())).build();
    }
    const options = this.browser === 'edge-ie-mode' ? edgeIeModeOptions() : ie11Options();
    return builder.forBrowser(Browser.INTERNET_EXPLORER).setIeOptions(this.pinToProfileNode(options)).build();
  }

  /** Profile presets are user preferences written before the first launch, as a user would have set them. */
  private applyPreset(): void {
    if (this.profile !== 'restore-session') return;
    if (!this.profileIsHere) {
      throw new DriverError('NOT_SUPPORTED', 'restore-session writes Chromium preferences into the profile: the profile must be on this machine');
    }
    // Measured: chromedriver's own start URL (data:,) does not stop Chromium restoring the last session and its cookies.
    writeRestoreSessionPreference(this.dirs.profile);
  }

  protected requireSession(): WebDriver {
    if (!this.session) throw new DriverError('BROWSER_NOT_RUNNING', 'the browser is not running: launch or relaunch it first');
    return this.session;
  }

  private get chromium(): chrome.Driver | undefined {
    return this.browser === 'chromium' ? (this.session as chrome.Driver | undefined) : undefined;
  }

  /** Reads chromedriver's performance log (CDP Network events, drained on every read) into the assembler. */
  private async drainNetwork(): Promise<void> {
    const session = this.chromium;
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

  async pageState(): Promise<PageState> {
    const session = this.requireSession();
    await this.drainNetwork();
    const [url, title] = await Promise.all([session.getCurrentUrl(), session.getTitle().catch(() => '')]);
    return { url, status: this.lastDocumentStatus, title };
  }

  protected override tabOpened(): void {
    this.lastDocumentStatus = null;
  }

  async cookies(): Promise<AuditCookie[]> {
    const chromium = this.chromium;
    if (chromium) {
      // Classic WebDriver only returns the current document's cookies; the CDP call sees every origin's
      // (the identity provider's too). chromedriver serves it over plain HTTP, so it also works through a grid.
      const result = (await chromium.sendAndGetDevToolsCommand('Storage.getCookies', {})) as unknown as { cookies: CdpCookie[] };
      return result.cookies.map((c) => ({
        name: c.name,
        value: c.value,
        domain: c.domain,
        path: c.path,
        expires: c.session ? -1 : c.expires,
        httpOnly: c.httpOnly,
        secure: c.secure,
        sameSite: c.sameSite ?? 'unset',
      }));
    }
    return this.documentCookies();
  }

  override async screenshot(): Promise<Buffer> {
    const chromium = this.chromium;
    if (!chromium) return super.screenshot(); // classic WebDriver knows PNG only
    // The viewport, as WebDriver's own screenshot, but as JPEG (drivers/screenshot.ts says why).
    const shot = (await chromium.sendAndGetDevToolsCommand('Page.captureScreenshot', {
      format: 'jpeg',
      quality: SCREENSHOT_JPEG_QUALITY,
    })) as unknown as { data: string };
    return Buffer.from(shot.data, 'base64');
  }

  async addCookies(cookies: AuditCookie[]): Promise<void> {
    const chromium = this.chromium;
    if (!chromium) {
      throw new DriverError('NOT_SUPPORTED', `${this.name} cannot write cookies of other origins: ${IE_LIMITS.injectCookies}`);
    }
    await chromium.sendAndGetDevToolsCommand('Storage.setCookies', {
      cookies: cookies.map((c) => ({
        name: c.name,
        value: c.value,
        domain: c.domain,
        path: c.path,
        httpOnly: c.httpOnly,
        secure: c.secure,
        ...(c.expires >= 0 ? { expires: c.expires } : {}),
        ...(c.sameSite === 'unset' ? {} : { sameSite: c.sameSite }),
      })),
    });
  }

  protected storageProbeUrl(origin: string): string {
    // Unlike Playwright, WebDriver cannot answer the probe itself: the server sees one GET of this path
    // (normally a 404 page, which is still of that origin).
    return `${origin}/.well-known/logout-audit-storage-probe`;
  }

  cookieStoreWrittenSince(sinceMs: number): boolean {
    return this.capabilities.cookieStoreObservable && chromiumCrashWouldRestore(this.dirs.profile, sinceMs);
  }

  async takeExchanges(): Promise<HttpExchange[]> {
    await this.drainNetwork();
    // A response's raw headers (Set-Cookie) arrive in a separate event, sometimes a moment later: polled
    // until they are there, rather than report an exchange without its cookies. The bound is for an event
    // that never comes (a response Chromium reports no raw headers for); normally they follow in milliseconds.
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

  async close(): Promise<void> {
    const session = this.requireSession();
    await this.drainNetwork();
    await atMost(session.quit().catch(() => undefined), QUIT_BOUND_MS);
    await this.forget();
    if (!this.profileIsHere) return;
    // A clean exit has finished only when no process holds the profile; relaunching earlier would find the
    // profile locked (SingletonLock) or catch the old browser's last writes half done.
    const left = await waitForNoProcesses(this.dirs.profile, 10_000);
    if (left.length > 0) {
      throw new DriverError('PROCESS_SURVIVED', `browser processes ${left.join(', ')} still hold the profile after a clean close`);
    }
  }

  async relaunch(): Promise<void> {
    if (this.session) throw new DriverError('BROWSER_NOT_RUNNING', 'relaunch needs the browser closed first (close, reboot)');
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

  private async endAll(action: HookAction, kill: (profileDir: string) => Promise<KillReport>): Promise<RestartReport> {
    if (!this.capabilities.killProcesses) {
      throw new DriverError('NOT_SUPPORTED', `${this.name} cannot reboot: ${this.capabilities.limits.killProcesses}`);
    }
    if (this.hook && this.spec.gridUrl) return this.endByHook(action, this.spec.gridUrl);
    const session = this.session;
    const report = restartBySignals(action, await kill(this.dirs.profile), session !== undefined);
    // chromedriver outlives its browser; ending the session and the service is harness cleanup, not part of
    // the "reboot" the browser sees.
    if (session) await atMost(session.quit().catch(() => undefined), QUIT_BOUND_MS);
    await this.forget();
    wipeDir(this.dirs.temp); // a reboot empties the OS temp dir
    return report;
  }

  /**
   * A grid node's reboot: the operator's command ends the browser (or restarts the machine) while the session
   * is still open; quitting first would be a clean exit that writes everything a reboot must not let it write.
   * The node is looked up before, while the grid still knows the session. Afterwards the old session is asked
   * for its URL: a browser that still answers was not ended, and the quit that follows would be a clean close
   * passing for a reboot (a hook that does nothing, or ends the wrong machine), so that is refused.
   */
  private async endByHook(action: HookAction, gridUrl: string): Promise<RestartReport> {
    const session = this.session;
    try {
      const sessionId = session ? (await session.getSession()).getId() : '';
      const nodeUri = sessionId ? await findGridNode(gridUrl, sessionId) : undefined;
      const hook = await runRebootHook({
        action,
        sessionId,
        gridUrl,
        ...(nodeUri ? { nodeUri } : {}),
        profileDir: this.browser === 'chromium' ? (this.spec.nodeProfileDir ?? this.dirs.profile) : '',
        browser: this.browser,
      });
      const oldSession = session ? await askOldSession(session) : 'no session was open';
      if (oldSession.startsWith('answered')) {
        throw new RebootHookError(
          `the ${action} hook exited 0 but the old browser session still ${oldSession}: the hook did not end the browser ` +
            '(does it reach the right node? see docs/windows-grid.md §8)',
          hook,
        );
      }
      return { action, method: 'hook', terminated: [], killed: [], hook, oldSession };
    } finally {
      // After a real reboot the quit fails (the node forgot the session): bounded and ignored.
      if (session) await atMost(session.quit().catch(() => undefined), QUIT_BOUND_MS);
      await this.forget();
      if (this.profileIsHere) wipeDir(this.dirs.temp);
    }
  }

  async dispose(): Promise<void> {
    const session = this.session;
    if (session) await atMost(session.quit().catch(() => undefined), QUIT_BOUND_MS);
    await this.forget();
    if (this.profileIsHere) await cutPower(this.dirs.profile);
    removeProfileDirs(this.dirs);
  }

  private async forget(): Promise<void> {
    this.session = undefined;
    const service = this.service;
    this.service = undefined;
    // quit() already stops a service it started; this ends one whose quit failed or timed out.
    if (service) await atMost(service.kill().catch(() => undefined), 5_000);
  }
}

interface CdpCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  expires: number;
  session: boolean;
  httpOnly: boolean;
  secure: boolean;
  sameSite?: 'Strict' | 'Lax' | 'None';
}

function parsePerfEntry(message: string): PerfLogEntry | null {
  try {
    const parsed = JSON.parse(message) as { message: { method: string; params: Record<string, unknown> }; webview?: string };
    return { method: parsed.message.method, params: parsed.message.params, webview: parsed.webview ?? '' };
  } catch {
    return null;
  }
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}

/** How long the old session may take to answer after a hook; a rebooting node often never answers at all. */
const OLD_SESSION_PROBE_MS = 10_000;

/** What the old session does when asked for its URL after the hook: 'answered …' means its browser still runs. */
async function askOldSession(session: WebDriver): Promise<string> {
  const asked = session.getCurrentUrl().then(
    (url) => `answered (it was on ${redactText(url)})`,
    (error: unknown) => `is gone (${firstLine(error)})`,
  );
  return (await atMost(asked, OLD_SESSION_PROBE_MS)) ?? `is gone (no answer within ${OLD_SESSION_PROBE_MS / 1000} s)`;
}
