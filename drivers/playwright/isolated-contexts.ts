import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { chromium, firefox, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { AuditDriver, DriverCapabilities, DriverOptions, PlaywrightDriverSpec, ProbeSource } from '../driver';
import { findChromium } from '../browsers';
import { createProfileDirs, profileBaseDir, profileDirPrefix, removeProfileDirs, type ProfileDirs } from '../profile/profile-dirs';
import { commandLinesNaming } from '../profile/processes';
import { PLAYWRIGHT_CAPABILITIES, PlaywrightDriver } from './playwright-driver';
import { chromiumLaunchOptions } from './playwright-chromium';
import { findFirefox, firefoxLaunchOptions, firefoxPrefsFor, PrefsNotAppliedError } from './playwright-firefox';

// A probe asks what the server does with some cookies alone (a copied jar, the revived cookies after a
// restart): a client with nothing else, no cache, no storage, no service worker, no history. A new Playwright
// browser context is such a client: its cookie jar, HTTP cache, storage and service workers are its own
// (Chromium's incognito-style browser context, Firefox's user context), and nothing of it reaches a profile
// on disk. So a run's probes are contexts of one probe browser, started at the first probe and ended with the
// run, instead of a new browser on a new profile for each (logout-replay made four: about 0.7 s of CPU each in
// Chromium, 3 s in Firefox). The probe browser is the run's engine, executable, flags and persona.

/** A switch both engines ignore, naming the probe's dirs on its command line (how the sweep finds its processes). */
const PROBE_MARKER_ARG = '--logout-audit-probe';
/** A pref of no meaning to Firefox, naming the run in the probe browser's profile. */
const RUN_ID_PREF = 'logout-audit.run-id';

/**
 * The profiles Playwright made for this run's probe browsers in `base` (the OS temp dir), for the sweep after a
 * worker was killed before it could close its probe browser: a Firefox probe's, found by the run id in its
 * prefs (a user context writes persistent cookies there); a Chromium probe's, by the note its launch left in
 * the probe's dir of the run (its contexts are off the record, so it holds no probe's cookie, but it is the
 * run's leftover all the same). Both hold after the browser ended: one launched over a pipe ends with the
 * worker that started it, before the sweep comes.
 */
export function probeProfilesOfRun(runId: string, base: string): string[] {
  return [...firefoxProbeProfiles(runId, base), ...chromiumProbeProfiles(runId, base)];
}

function firefoxProbeProfiles(runId: string, base: string): string[] {
  const line = `user_pref(${JSON.stringify(RUN_ID_PREF)}, ${JSON.stringify(runId)});`;
  return readdirSync(base)
    .filter((entry) => entry.startsWith('playwright_firefoxdev_profile-'))
    .map((entry) => join(base, entry))
    .filter((dir) => {
      try {
        return readFileSync(join(dir, 'user.js'), 'utf8').includes(line);
      } catch {
        return false; // not a profile, or gone meanwhile
      }
    });
}

/** Where a Chromium probe's launch notes the profile Playwright made for it, in the probe's dir of the run. */
export const CHROMIUM_PROFILE_NOTE = 'playwright-profile';
const CHROMIUM_PROFILE_PREFIX = 'playwright_chromiumdev_profile-';

function chromiumProbeProfiles(runId: string, base: string): string[] {
  const runBase = profileBaseDir(runId);
  return readdirSync(runBase)
    .filter((entry) => entry.startsWith(profileDirPrefix(runId)))
    .map((entry) => {
      try {
        return readFileSync(join(runBase, entry, CHROMIUM_PROFILE_NOTE), 'utf8');
      } catch {
        return ''; // not a probe's dir, or gone meanwhile
      }
    })
    .filter((dir) => dirname(dir) === base && basename(dir).startsWith(CHROMIUM_PROFILE_PREFIX));
}

/**
 * Playwright makes a Chromium browser's temp profile itself and names it only on the browser's command line
 * (--user-data-dir), which the probe's marker makes ours to find; the path is noted where the sweep looks.
 */
function noteChromiumProfile(dirs: ProfileDirs, marker: string): void {
  for (const line of commandLinesNaming(marker)) {
    const dir = /--user-data-dir=(\S+)/.exec(line)?.[1];
    if (dir && basename(dir).startsWith(CHROMIUM_PROFILE_PREFIX)) return writeFileSync(join(dirs.root, CHROMIUM_PROFILE_NOTE), dir);
  }
}

const NO_PROFILE = 'a probe is a fresh browser context: it keeps no profile and is never restarted';

const PROBE_CAPABILITIES: DriverCapabilities = {
  ...PLAYWRIGHT_CAPABILITIES,
  persistentProfile: false,
  killProcesses: false,
  cookieStoreObservable: false,
  limits: { persistentProfile: NO_PROFILE, killProcesses: NO_PROFILE, cookieStoreObservable: NO_PROFILE },
};

/** One probe browser per run, started on first use; each probe is a new context in it. */
export class IsolatedContexts implements ProbeSource {
  private started: Promise<Browser> | undefined;
  private dirs: ProfileDirs | undefined;

  constructor(
    private readonly spec: PlaywrightDriverSpec,
    private readonly options: DriverOptions = {},
  ) {}

  next(): AuditDriver {
    // Probes run in the probe browser and keep nothing of their own on disk: they share its dirs.
    this.dirs ??= createProfileDirs(this.options.runId);
    return new ProbeContextDriver(this.spec, this.options, this, this.dirs);
  }

  /** The root of the probe browser's dirs while it runs (named on its command line), for the sweep's tests. */
  get dirsRoot(): string | undefined {
    return this.dirs?.root;
  }

  /** The probe browser (started at the first call). */
  browser(): Promise<Browser> {
    this.started ??= this.launch();
    return this.started;
  }

  private async launch(): Promise<Browser> {
    // Its temp files in a dir of the run's own (logout-audit-<run id>-…), and that dir on its command line, so
    // the CLI's sweep after a killed worker (cli/audit.ts) ends it as it ends the run's other browsers.
    const dirs = (this.dirs ??= createProfileDirs(this.options.runId));
    const marker = `${PROBE_MARKER_ARG}=${dirs.root}`;
    const headless = this.spec.headless ?? true;
    if (this.spec.browser === 'firefox') {
      // Playwright puts this browser's profile in the OS temp dir; Firefox writes a user context's persistent
      // cookies there, so the run id goes into its prefs for the sweep to find it (probeProfilesOfRun).
      const prefs = { ...firefoxPrefsFor({ ...this.spec, profile: 'fresh-default' }), [RUN_ID_PREF]: this.options.runId ?? 'adhoc' };
      const options = firefoxLaunchOptions(findFirefox(this.spec.executables).path, headless, prefs, dirs.temp);
      return firefox.launch({ ...options, args: [marker] });
    }
    const options = chromiumLaunchOptions(findChromium(this.spec.executables).path, headless, dirs.temp);
    const browser = await chromium.launch({ ...options, args: [...(options.args ?? []), marker] });
    noteChromiumProfile(dirs, marker);
    return browser;
  }

  async close(): Promise<void> {
    const started = this.started;
    this.started = undefined;
    if (started) await (await started.catch(() => undefined))?.close().catch(() => undefined);
    if (this.dirs) removeProfileDirs(this.dirs);
    this.dirs = undefined;
  }
}

/** A probe: a new, empty context of the probe browser, driven with every page operation of the Playwright drivers. */
class ProbeContextDriver extends PlaywrightDriver {
  readonly name: string;
  readonly browser: string;
  override readonly capabilities = PROBE_CAPABILITIES;
  protected readonly cookieStoreFiles: readonly string[] = [];

  constructor(
    spec: PlaywrightDriverSpec,
    options: DriverOptions,
    private readonly source: IsolatedContexts,
    dirs: ProfileDirs,
  ) {
    super({ ...spec, profile: 'fresh-default' }, options, { noProfile: NO_PROFILE, dirs });
    this.browser = spec.browser;
    this.name = `playwright:${spec.browser}`;
  }

  protected async startContext(): Promise<BrowserContext> {
    const browser = await this.source.browser();
    // Firefox takes the persona's User-Agent from the probe browser's prefs; Chromium per context.
    return browser.newContext(this.browser === 'chromium' && this.persona.userAgent ? { userAgent: this.persona.userAgent } : {});
  }

  /** The persona holds in the probe as in the run's browser: a probe sending another User-Agent would ask another question. */
  protected override async verifyLaunch(_startedMs: number, page: Page): Promise<void> {
    if (!this.persona.userAgent) return;
    const seen = await page.evaluate(() => navigator.userAgent);
    if (seen !== this.persona.userAgent) throw new PrefsNotAppliedError(`the probe browser sends the User-Agent ${JSON.stringify(seen)}, not the persona's`);
  }

  webStorageWrittenSince(): boolean {
    return false;
  }

  /** Ending a probe is closing its context: the browser is the run's, ended by IsolatedContexts.close(). */
  protected override async endEverything(): Promise<void> {
    if (this.running) await this.quitBrowser().catch(() => undefined);
    await this.forget();
  }
}
