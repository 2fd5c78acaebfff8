import { chromium, type BrowserContext, type LaunchOptions } from 'playwright-core';
import { commitChromiumCookieStore } from '../profile/chromium-cookie-commit';
import { CHROMIUM_COOKIE_STORE_FILES, chromiumCrashWouldRestore, chromiumWebStorageWrittenSince, writeRestoreSessionPreference } from '../profile/chromium-profile';
import { CHROMIUM_ARGS, findChromium, type BrowserExecutable } from '../browsers';
import type { DriverOptions, PlaywrightDriverSpec } from '../driver';
import { PlaywrightDriver } from './playwright-driver';
import { childEnv } from '../child-env';
import { BROWSER_START_BOUND_MS } from '../wait';

/** How the audit starts Chromium, with a profile of its own or as the probe browser (isolated-contexts.ts). */
export function chromiumLaunchOptions(executablePath: string, headless: boolean, tempDir: string): LaunchOptions {
  return {
    executablePath,
    headless,
    args: CHROMIUM_ARGS,
    // Playwright turns the back/forward cache off by default; users have it on, and it is one of the ways a
    // personal page can come back after logout (logout-back-button), so the audit keeps it as users have it.
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
    // The browser's temp files go to a dir of this profile's own, so a "reboot" can wipe them without
    // touching anything else on the machine.
    env: childEnv({ TMPDIR: tempDir }),
    timeout: BROWSER_START_BOUND_MS,
  };
}

/**
 * Chromium through playwright-core on a persistent user data dir. A launch is a real browser process on a
 * real profile on disk, so close/relaunch/reboot exercise exactly what a person's browser does.
 */
export class PlaywrightChromiumDriver extends PlaywrightDriver {
  readonly name = 'playwright:chromium';
  readonly browser = 'chromium';
  protected readonly cookieStoreFiles = CHROMIUM_COOKIE_STORE_FILES;
  private readonly executable: BrowserExecutable;

  constructor(spec: PlaywrightDriverSpec, options: DriverOptions = {}) {
    super(spec, options);
    this.executable = findChromium(spec.executables);
  }

  get executablePath(): string {
    return this.executable.path;
  }

  protected startContext(): Promise<BrowserContext> {
    return chromium.launchPersistentContext(this.dirs.profile, {
      ...chromiumLaunchOptions(this.executable.path, this.headless, this.dirs.temp),
      // The persona's User-Agent goes on the wire and into navigator.userAgent, as a real IE11 would send it.
      userAgent: this.persona.userAgent,
    });
  }

  protected override applyPreset(): void {
    if (this.profile === 'restore-session') writeRestoreSessionPreference(this.dirs.profile);
  }

  override cookieStoreWrittenSince(sinceMs: number): boolean {
    return chromiumCrashWouldRestore(this.dirs.profile, sinceMs);
  }

  webStorageWrittenSince(sinceMs: number, value?: string): boolean {
    return chromiumWebStorageWrittenSince(this.dirs.profile, sinceMs, value);
  }

  /** Chromium holds cookie changes back for up to 30 s: a batch big enough makes it write them at once. */
  commitCookieStore(): Promise<void> {
    return commitChromiumCookieStore(this);
  }
}
