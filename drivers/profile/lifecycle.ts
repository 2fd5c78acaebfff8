import { maskSecretParams, type Redactor } from '../../evidence/redact';
import type { RestartReport } from '../driver';
import { DriverError } from '../driver-error';
import { endByHook, type Ending } from './ending';
import type { HookAction } from './hook-types';
import { cutPower, restartBySignals, shutDownLikeAReboot, waitForNoProcesses } from './processes';
import { createProfileDirs, removeProfileDirs, wipeDir, type ProfileDirs } from './profile-dirs';

// The life of a browser on its profile, written once for every backend (Playwright, Selenium, WebKitGTK): the
// first launch with the profile preset, a clean close that has finished only when no process holds the
// profile, a relaunch on the same profile, a reboot and a power cut (the browser ended from outside as its
// Ending says, ending.ts, then started again), and dispose (everything ended, the profile deleted: it holds
// session cookies). A backend says only how its browser starts, exits cleanly, is let go of and forgotten.

/** A clean exit normally leaves no process within a second or two; past this, one is taken to have survived it. */
const CLEAN_EXIT_BOUND_MS = 10_000;

const DOING: Record<HookAction, string> = { reboot: 'reboot', 'power-cut': 'cut the power' };

export interface LifecycleOptions {
  /** The browser's processes and its profile are on this machine (a local browser, or a loopback grid node). */
  here: boolean;
  /** The dir every process of the browser names on its command line: its profile dir (default), or the root of its dirs. */
  processesName?: 'profile' | 'root';
  /** Why the browser can never start again on its profile (it keeps none); unset where it can. */
  noProfile?: string;
  /** The run's redactor (DriverOptions); default: token parameters masked by pattern only. */
  redactor?: Pick<Redactor, 'text'> | undefined;
  /**
   * Dirs of something that outlives this browser (a probe context uses its probe browser's): used, never
   * removed by dispose. Default: dirs of this browser's own, created now, removed by dispose.
   */
  dirs?: ProfileDirs;
  /** Names the profile dirs (DriverOptions.runId); default adhoc. */
  runId?: string | undefined;
}

export abstract class ProfileLifecycle {
  abstract readonly name: string;
  abstract get running(): boolean;
  /** How a reboot or power cut ends this browser. */
  protected abstract readonly ending: Ending;
  protected readonly dirs: ProfileDirs;
  private readonly here: boolean;
  private readonly processDir: string;
  private readonly noProfile: string | undefined;
  /** Masks what this browser's end writes into evidence (a hook's output) with what the run learnt. */
  protected readonly redactor: Pick<Redactor, 'text'>;
  private launched = false;
  private readonly ownsDirs: boolean;

  constructor(options: LifecycleOptions) {
    this.dirs = options.dirs ?? createProfileDirs(options.runId);
    this.ownsDirs = options.dirs === undefined;
    this.here = options.here;
    this.processDir = options.processesName === 'root' ? this.dirs.root : this.dirs.profile;
    this.noProfile = options.noProfile;
    this.redactor = options.redactor ?? { text: maskSecretParams };
  }

  /** Starts the browser on the profile (after the preset or beforeRelaunch). */
  protected abstract startBrowser(): Promise<void>;
  /** The browser's own clean exit (Playwright closes its context, WebDriver quits); throws when none runs. */
  protected abstract quitBrowser(): Promise<void>;
  /**
   * The browser is about to be ended from outside (reboot, power cut, dispose): its end is then ours, not a
   * death. Returns what lets go of it once its processes are gone (bounded): the automation library noticing,
   * or a quit that only ends the session.
   */
  protected abstract letGo(): () => Promise<void>;
  /** Drops the session and ends the harness's helpers for it (chromedriver, WebKitWebDriver, a proxy). */
  protected abstract forget(): Promise<void>;
  /** Writes the profile preset's preferences before the very first launch, as a user would have set them. */
  protected applyPreset(): void {}
  /** Called before the browser starts again on its profile after an end (close, reboot, power cut). */
  protected beforeRelaunch(): void {}

  /** The dir every process of this browser names on its command line (processes.ts's profileProcesses), for tests. */
  get profileDir(): string {
    return this.processDir;
  }

  async launch(): Promise<void> {
    if (this.running) return;
    if (this.launched && this.noProfile) throw new DriverError('NOT_SUPPORTED', `${this.name} cannot start again: ${this.noProfile}`);
    // The preset first, and only once it is written does the profile count as launched: a preset that failed
    // must fail the next launch too, never start a default profile under the preset's name.
    if (!this.launched) this.applyPreset();
    else this.beforeRelaunch();
    this.launched = true;
    await this.startBrowser();
  }

  /** Clean browser exit; the profile stays on disk. */
  async close(): Promise<void> {
    if (this.noProfile) throw new DriverError('NOT_SUPPORTED', `${this.name} cannot close and reopen the browser on its profile: ${this.noProfile}`);
    await this.quitBrowser();
    await this.forget();
    if (!this.here) return;
    // A clean exit has finished only when no process holds the profile; relaunching earlier would find the
    // profile locked (Chromium's SingletonLock, Firefox's parent.lock) or catch the last writes half done.
    const left = await waitForNoProcesses(this.processDir, CLEAN_EXIT_BOUND_MS);
    if (left.length > 0) {
      throw new DriverError('PROCESS_SURVIVED', `browser processes ${left.join(', ')} still hold the profile after a clean close`);
    }
  }

  async relaunch(): Promise<void> {
    if (this.noProfile) throw new DriverError('NOT_SUPPORTED', `${this.name} cannot relaunch on the same profile: ${this.noProfile}`);
    if (this.running) throw new DriverError('BROWSER_NOT_RUNNING', 'relaunch needs the browser closed first (close, reboot)');
    await this.launch();
  }

  /** An OS reboot: SIGTERM, then SIGKILL of every process of the profile (or the operator's hook), temp dir wiped, relaunch. */
  async reboot(): Promise<RestartReport> {
    const report = await this.endFromOutside('reboot');
    await this.launch();
    return report;
  }

  /**
   * Like reboot, but SIGKILL at once: no process gets to write anything. `whenEnded` runs between the kill and
   * the start, when the profile's files are what the power cut left (the next start rewrites some of them).
   */
  async powerCut(whenEnded?: () => void): Promise<RestartReport> {
    const report = await this.endFromOutside('power-cut');
    whenEnded?.();
    await this.launch();
    return report;
  }

  /** Ends everything and deletes the profile (it holds session cookies). Safe to call twice. */
  async dispose(): Promise<void> {
    await this.endEverything();
    if (this.ownsDirs) removeProfileDirs(this.dirs);
  }

  /**
   * Ends the browser at once, then the harness's hold on it and its helpers; the dirs stay. No clean exit
   * first: nothing of the profile is kept, and a browser that exits cleanly may leave helpers running that
   * no longer descend from anything naming the profile (WebKitGTK's network process was seen to). Safe to repeat.
   */
  protected async endEverything(): Promise<void> {
    const letGo = this.letGo();
    const report = this.here ? await cutPower(this.processDir) : undefined;
    await letGo();
    await this.forget();
    if (report && report.survivors.length > 0) {
      throw new DriverError('PROCESS_SURVIVED', `processes ${report.survivors.join(', ')} of ${this.name} survived SIGKILL`);
    }
  }

  /** Ends every process of the browser as the Ending says (it may also be closed already) and empties its temp dir. */
  private async endFromOutside(action: HookAction): Promise<RestartReport> {
    const ending = this.ending;
    if (ending.by === 'none') throw new DriverError('NOT_SUPPORTED', `${this.name} cannot ${DOING[action]}: ${ending.why}`);
    const wasRunning = this.running;
    const letGo = this.letGo();
    const afterwards = async () => {
      await letGo();
      await this.forget();
      if (this.here) wipeDir(this.dirs.temp); // a reboot empties the OS temp dir
    };
    if (ending.by === 'signals') {
      // Signals that ended nothing, or a process that outlived SIGKILL, throw here and leave the browser to dispose().
      const report = restartBySignals(action, await (action === 'reboot' ? shutDownLikeAReboot : cutPower)(this.processDir), wasRunning);
      await afterwards();
      return report;
    }
    try {
      return await endByHook(action, ending.subject, this.redactor);
    } finally {
      // After a real reboot the node has forgotten the session: letting go of it fails, bounded and ignored.
      await afterwards();
    }
  }
}
