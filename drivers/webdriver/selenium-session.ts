import type { Capabilities, WebDriver } from 'selenium-webdriver';
import type { AuditCookie, AuditDriver, BrowserProfile, DriverCapabilities, DriverOptions, HttpExchange, PageState, Persona, SeleniumDriverSpec } from '../driver';
import { DriverError } from '../driver-error';
import type { Ending } from '../profile/ending';
import { atMost } from '../wait';
import type { GridNode } from './grid-node';
import { GridSessions } from './grid-sessions';
import { LocalChromedriver } from './local-chromedriver';
import { sessionOptions, type SessionPlaceFacts } from './selenium-capabilities';
import { seleniumCapabilities, type SeleniumDeployment } from './selenium-deployment';
import { firstLine, WebDriverPage } from './webdriver-page';

// What every selenium-webdriver driver shares (Chromium through chromedriver, IE11 and Edge IE mode through
// IEDriverServer): a session started where the deployment says (chromedriver on this machine, or a grid node),
// on a persistent profile, so that close (quit), relaunch (new session, same profile) and reboot exercise what
// a person's browser does. A subclass adds what its browser offers beyond classic WebDriver.

// Upper bound for a quit: chromedriver answers within a second normally, or at once when the browser is gone.
const QUIT_BOUND_MS = 10_000;

/** Where sessions start: chromedriver on this machine, or a grid node. */
type SessionPlace = LocalChromedriver | GridSessions;

export abstract class SeleniumSession extends WebDriverPage implements AuditDriver {
  readonly name: string;
  readonly browser: SeleniumDriverSpec['browser'];
  readonly profile: BrowserProfile;
  readonly persona: Persona;
  readonly capabilities: DriverCapabilities;
  protected readonly ending: Ending;
  protected readonly deployment: SeleniumDeployment;
  private readonly spec: SeleniumDriverSpec;
  private readonly place: SessionPlace;
  private session: WebDriver | undefined;
  /** Milliseconds the last session took to start (reported by the driver spec as a measured fact). */
  lastSessionStartMs = 0;

  constructor(spec: SeleniumDriverSpec, deployment: SeleniumDeployment, options: DriverOptions = {}) {
    super({ here: deployment.profileIsHere, redactor: options.redactor, runId: options.runId });
    this.spec = spec;
    this.deployment = deployment;
    this.browser = spec.browser;
    this.profile = spec.profile;
    this.persona = spec.persona;
    this.name = `selenium:${spec.browser}${deployment.gridUrl ? '@grid' : ''}`;
    this.capabilities = seleniumCapabilities(spec.browser, deployment);
    const grid = deployment.gridUrl ? new GridSessions(deployment.gridUrl, spec.browser, deployment.profileIsHere, this.redactor) : undefined;
    this.place = grid ?? new LocalChromedriver(this.dirs.temp, spec.executables);
    this.ending =
      deployment.ending === 'hook' && grid
        ? { by: 'hook', subject: grid.hookSubject(this.browser === 'chromium' ? this.userDataDir : '', () => this.session) }
        : deployment.ending === 'signals'
          ? { by: 'signals' }
          : // seleniumCapabilities gives every deployment that cannot end its browser this limit.
            { by: 'none', why: this.capabilities.limits.killProcesses! };
  }

  get running(): boolean {
    return this.session !== undefined;
  }

  /** Chromium's user data dir as the browser sees it: the node's own where the spec names one, else this machine's. */
  private get userDataDir(): string {
    return this.spec.nodeProfileDir ?? this.dirs.profile;
  }

  protected async startBrowser(): Promise<void> {
    const started = Date.now();
    try {
      const session = await this.place.start((at: SessionPlaceFacts): Capabilities => sessionOptions(this.spec, this.userDataDir, at));
      // createSession returns before the new-session command has answered: wait for it here, so a failure is
      // reported by launch() and the start time is the real one.
      await session.getSession();
      await this.place.started(session).catch(async (error: unknown) => {
        await atMost(session.quit().catch(() => undefined), QUIT_BOUND_MS);
        throw error;
      });
      this.session = session;
    } catch (error) {
      await this.place.stop();
      if (error instanceof DriverError) throw error; // already says what went wrong and what to do
      throw new DriverError('SESSION_NOT_CREATED', `could not start a ${this.name} session: ${firstLine(error)}; ${this.place.hint}`);
    }
    this.lastSessionStartMs = Date.now() - started;
    await this.startedSession(this.session);
    this.sessionStarted();
  }

  /** Called once a new session is up (a subclass resets what it knew of the last one). */
  protected sessionStarted(): void {}
  /** Called before a clean quit (a subclass reads what the browser still has to report). */
  protected async beforeQuit(): Promise<void> {}
  /** HTTP status of the last main-document response, where the browser reports it (PageState.status). */
  protected abstract documentStatus(): Promise<number | null>;
  abstract cookies(): Promise<AuditCookie[]>;
  abstract addCookies(cookies: AuditCookie[]): Promise<void>;
  abstract cookieStoreWrittenSince(sinceMs: number): boolean;
  abstract webStorageWrittenSince(sinceMs: number, value?: string): boolean;
  abstract takeExchanges(): Promise<HttpExchange[]>;
  abstract allExchanges(): Promise<HttpExchange[]>;

  /** The grid node running the current session, with its name (evidence and tests); undefined off a grid. */
  async gridNodeNow(): Promise<GridNode | undefined> {
    return this.place instanceof GridSessions ? this.place.nodeOf(this.requireSession()) : undefined;
  }

  protected requireSession(): WebDriver {
    if (!this.session) throw new DriverError('BROWSER_NOT_RUNNING', 'the browser is not running: launch or relaunch it first');
    return this.session;
  }

  /** The session, or undefined when none runs (for reads that have nothing to do then). */
  protected get currentSession(): WebDriver | undefined {
    return this.session;
  }

  async pageState(): Promise<PageState> {
    const session = this.requireSession();
    const status = await this.documentStatus();
    const [url, title] = await Promise.all([session.getCurrentUrl(), session.getTitle().catch(() => '')]);
    return { url, status, title };
  }

  protected storageProbeUrl(origin: string): string {
    // Unlike Playwright, WebDriver cannot answer the probe itself: the server sees one GET of this path
    // (normally a 404 page, which is still of that origin).
    return `${origin}/.well-known/logout-audit-storage-probe`;
  }

  protected async quitBrowser(): Promise<void> {
    const session = this.requireSession();
    await this.beforeQuit();
    await atMost(session.quit().catch(() => undefined), QUIT_BOUND_MS);
  }

  /**
   * chromedriver outlives its browser: ending the session (and, in forget, the service) is harness cleanup, not
   * part of the "reboot" the browser sees; after a real reboot of a node the quit fails (bounded and ignored).
   */
  protected letGo(): () => Promise<void> {
    const session = this.session;
    return async () => {
      if (session) await atMost(session.quit().catch(() => undefined), QUIT_BOUND_MS);
    };
  }

  protected async forget(): Promise<void> {
    this.session = undefined;
    await this.place.stop();
  }
}
