import type { Capabilities, WebDriver } from 'selenium-webdriver';
import chrome from 'selenium-webdriver/chrome.js';
import { findChromium, isExecutable } from '../browsers';
import { childEnv } from '../child-env';
import type { BrowserExecutables } from '../driver';
import { DriverError } from '../driver-error';
import { atMost } from '../wait';
import type { SessionPlaceFacts } from './selenium-capabilities';

// Sessions on this machine: chromedriver started by the harness, Chromium on a profile of this machine.
//
// Selenium Manager (bundled with selenium-webdriver) downloads drivers and browsers when it cannot find them;
// selenium-webdriver runs it only for a service without an executable (chromium.js, createSession). Here the
// service always names chromedriver (findChromedriver, never a download) and the options name Chromium, so it
// never runs; scripts/setup.sh also exports SE_OFFLINE=true for every npm script, should a slip reach it.

const CHROMEDRIVER_PATHS = ['/usr/bin/chromedriver', '/usr/lib/chromium/chromedriver'];
// chromedriver's own end after its quit: normally at once.
const SERVICE_END_BOUND_MS = 5_000;

/** chromedriver from `executables.chromedriver` (AUDIT_CHROMEDRIVER_PATH) or the distribution's package; never a download. */
export function findChromedriver(executables: BrowserExecutables = {}): string {
  const override = executables.chromedriver;
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

export class LocalChromedriver {
  readonly hint = 'do chromedriver and Chromium have the same major version? (chromium --version; chromedriver --version)';
  private service: { kill(): Promise<unknown> } | undefined;

  /** `tempDir`: the browser's TMPDIR, which a "reboot" wipes without touching anything else on the machine. */
  constructor(
    private readonly tempDir: string,
    private readonly executables: BrowserExecutables = {},
  ) {}

  async start(optionsFor: (at: SessionPlaceFacts) => Capabilities): Promise<WebDriver> {
    const service = new chrome.ServiceBuilder(findChromedriver(this.executables))
      .setLoopback(true)
      // Chromium inherits chromedriver's environment: its temp files go to this profile's own dir.
      .setEnvironment(childEnv({ TMPDIR: this.tempDir }) as Record<string, string>)
      .build();
    this.service = service;
    return chrome.Driver.createSession(optionsFor({ binary: findChromium(this.executables).path }) as chrome.Options, service);
  }

  /** Nothing to check: every session of this machine's chromedriver runs on this machine's profile. */
  async started(): Promise<void> {}

  /** Ends chromedriver: quit already stops a service it started; this ends one whose quit failed or timed out. */
  async stop(): Promise<void> {
    const service = this.service;
    this.service = undefined;
    if (service) await atMost(service.kill().catch(() => undefined), SERVICE_END_BOUND_MS);
  }
}
