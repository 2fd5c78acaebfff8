import { logging, type Capabilities } from 'selenium-webdriver';
import Symbols from 'selenium-webdriver/lib/symbols.js';
import chrome from 'selenium-webdriver/chrome.js';
import ie from 'selenium-webdriver/ie.js';
import { CHROMIUM_ARGS } from '../browsers';
import type { Persona, SeleniumDriverSpec } from '../driver';
import { NODE_CAPABILITY } from './grid-node';
import { InputError } from '../../errors/audit-error';

// Capability presets for every browser the Selenium backend can ask for, built with selenium-webdriver's own
// fluent builders so the keys are exactly the ones Selenium documents and IEDriverServer / chromedriver read
// (`se:ieOptions`, `goog:chromeOptions`, `goog:loggingPrefs`). suites/unit/ie-capabilities.spec.ts pins the
// W3C JSON each preset produces.
//
// One rule for every preset: nothing may clean the browser's state at session start. `ie.ensureCleanSession`
// deletes the cache, cookies, history and saved form data of *every* IE instance on the machine; a persistence
// audit run with it would pass exactly where the 1177 defect lives (a session that outlives logout and restart).

/** Where Windows installs Edge; IEDriverServer needs the path to attach to Edge in IE mode. */
export const DEFAULT_EDGE_PATH = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';

/**
 * IE command-line switches Microsoft documents for iexplore.exe
 * (https://learn.microsoft.com/en-us/previous-versions/windows/internet-explorer/ie-developer/general-info/hh826025(v=vs.85)),
 * minus `-private`: InPrivate browsing keeps no cookies across sessions and would hide the defect under audit.
 */
export type IeSwitch = '-extoff' | '-framemerging' | '-noframemerging' | '-nohangrecovery' | '-nomerge';

export interface IeOptionsInput {
  /**
   * Page IE opens before the session starts (IEDriverServer's `initialBrowserUrl`). Needed when the node's
   * IE "Local intranet" and "Internet" zones differ: point it at a page of the audited portal's zone.
   */
  initialUrl?: string;
  /**
   * Extra iexplore.exe switches (`ie.browserCommandLineSwitches`). IEDriverServer only passes them when it
   * starts IE with CreateProcess (`ie.forceCreateProcessApi`), which this preset then switches on; that in turn
   * needs the node's registry value `TabProcGrowth = 0` (docs/windows-grid.md).
   */
  switches?: IeSwitch[];
}

type WithSwitches = ie.Options & { addBrowserCommandSwitches(...args: string[]): ie.Options };

function ieBase(input: IeOptionsInput): ie.Options {
  // Explicit false, not just absent: a node or a later preset that defaulted it to true would silently wipe
  // the state this audit exists to inspect.
  const options = new ie.Options().ensureCleanSession(false);
  if (input.initialUrl) options.initialBrowserUrl(input.initialUrl);
  if (input.switches && input.switches.length > 0) {
    if ((input.switches as string[]).includes('-private')) {
      throw new InputError('-private starts IE InPrivate, which keeps no cookies across sessions: remove it from switches');
    }
    // addBrowserCommandSwitches is in selenium-webdriver's ie.js, not yet in @types/selenium-webdriver 4.35.
    (options.forceCreateProcessApi(true) as WithSwitches).addBrowserCommandSwitches(...input.switches);
  }
  return options;
}

/**
 * Classic Internet Explorer 11 through IEDriverServer (W3C `browserName: "internet explorer"`).
 * IE keeps cookies, cache and history per Windows user (WinINet), not per session: a new session is a
 * relaunch on the same "profile", which is what the close/relaunch scenarios need. Only a Windows grid node
 * can run it (docs/windows-grid.md).
 */
export function ie11Options(input: IeOptionsInput = {}): ie.Options {
  return ieBase(input);
}

export interface EdgeIeModeInput extends IeOptionsInput {
  /** msedge.exe on the node; IEDriverServer starts it and attaches to its IE-mode tab. */
  edgePath?: string;
}

/**
 * Microsoft Edge in Internet Explorer mode (the Trident/MSHTML engine inside Edge), where IE11 itself is
 * retired. IEDriverServer drives it when `se:ieOptions` carries `ie.edgechromium: true` and `ie.edgepath`.
 * Selenium's Java/.NET/Python bindings call these `attachToEdgeChrome()` / `withEdgeExecutablePath()`; the
 * JavaScript binding's names are `setEdgeChromium()` / `setEdgePath()`, with the same keys on the wire.
 */
export function edgeIeModeOptions(input: EdgeIeModeInput = {}): ie.Options {
  return ieBase(input)
    .setEdgeChromium(true)
    .setEdgePath(input.edgePath ?? DEFAULT_EDGE_PATH);
}

export interface ChromiumOptionsInput {
  /** The persistent profile (`--user-data-dir`): on this machine for a local driver, on the node for a grid. */
  userDataDir: string;
  persona: Persona;
  /**
   * The Chromium binary (`goog:chromeOptions.binary`). Required locally so Selenium Manager never looks for
   * (or downloads) a browser; on a grid the node's stereotype names it, so leave it out there.
   */
  binary?: string;
  /** Default true: the machines this runs on have no display. */
  headless?: boolean;
}

/**
 * Chromium on a persistent `--user-data-dir`, with the project's CHROMIUM_ARGS (as root it needs --no-sandbox;
 * the rest keeps it off Google's hosts) and the persona's User-Agent on the wire and in navigator.userAgent.
 * The performance log is on: it carries the CDP Network events over plain WebDriver HTTP (locally and through a
 * grid), which is how the driver sees response headers and Set-Cookie lines without a DevTools socket.
 */
export function chromiumOptions(input: ChromiumOptionsInput): chrome.Options {
  const options = new chrome.Options();
  options.addArguments(...CHROMIUM_ARGS, `--user-data-dir=${input.userDataDir}`);
  if (input.headless ?? true) options.addArguments('--headless=new');
  if (input.persona.userAgent) options.addArguments(`--user-agent=${input.persona.userAgent}`);
  if (input.binary) options.setChromeBinaryPath(input.binary);
  const logs = new logging.Preferences();
  logs.setLevel(logging.Type.PERFORMANCE, logging.Level.ALL);
  options.setLoggingPrefs(logs);
  return options;
}

/** What only the place a session starts in knows (local-chromedriver.ts, grid-sessions.ts). */
export interface SessionPlaceFacts {
  /** The Chromium binary on this machine (a grid node's stereotype names its own). */
  binary?: string;
  /** The grid node to ask for: the one that holds the profile (grid-sessions.ts says why). */
  node?: string;
}

/**
 * The capabilities of a Selenium session, for every browser and place: the one function that computes them.
 * `userDataDir` is Chromium's profile as the browser sees it (IE keeps its state per Windows user instead).
 */
export function sessionOptions(
  spec: Pick<SeleniumDriverSpec, 'browser' | 'persona' | 'headless'>,
  userDataDir: string,
  at: SessionPlaceFacts,
): chrome.Options | ie.Options {
  let options: chrome.Options | ie.Options;
  switch (spec.browser) {
    case 'chromium':
      options = chromiumOptions({ userDataDir, persona: spec.persona, headless: spec.headless, ...(at.binary ? { binary: at.binary } : {}) });
      break;
    case 'edge-ie-mode':
      options = edgeIeModeOptions();
      break;
    case 'internet-explorer':
      options = ie11Options();
      break;
    case 'webkitgtk':
      throw new Error('WebKitGTK sessions are WebKitWebDriver\'s (drivers/webkitgtk/), not chromedriver\'s or IEDriverServer\'s');
  }
  if (at.node) options.set(NODE_CAPABILITY, at.node);
  return options;
}

/**
 * The W3C capability JSON a preset sends in "new session", as plain data for tests and evidence: the binding's
 * own serializer (`Capabilities[Symbols.serialize]`, lib/capabilities.js) and a JSON round trip, so what is
 * asserted is what goes on the wire.
 */
export function capabilityJson(options: Capabilities): Record<string, unknown> {
  return JSON.parse(JSON.stringify(options[Symbols.serialize]())) as Record<string, unknown>;
}
