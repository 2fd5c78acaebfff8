import type { DriverCapabilities, SeleniumDriverSpec } from '../driver';
import { rebootHookConfig } from '../profile/reboot-hook';
import { NODE_CAPABILITY } from './grid-node';

// Where a Selenium browser runs (chromedriver on this machine, a grid node here on loopback, a grid node
// elsewhere) decides what the driver can do and how a reboot ends its browser: both are decided here, once,
// for every Selenium driver (selenium-chromium.ts, ie-driver.ts).

export interface SeleniumDeployment {
  /** The Selenium Grid 4 the sessions go through; absent: chromedriver on this machine. */
  gridUrl?: string;
  /** The profile dir is on this machine's disk: local chromedriver, or a loopback grid node given no nodeProfileDir. */
  profileIsHere: boolean;
  /** How a reboot or power cut ends the browser (drivers/profile/ending.ts). */
  ending: 'signals' | 'hook' | 'none';
}

/**
 * Watching a page's WebSockets and EventSources takes a script that runs before the page's own in every document
 * (drivers/playwright/live-channels.ts); classic WebDriver has no such hook.
 */
const NO_INIT_SCRIPT = "classic WebDriver cannot run a script before the page's own, which watching its WebSockets and EventSources takes";

const OUT_OF_REACH = "a remote grid node's processes are out of reach; configure a reboot hook (AUDIT_REBOOT_HOOK, docs/windows-grid.md)";

/** What IE over classic WebDriver on a Windows node cannot do, whatever ends it. */
export const IE_LIMITS = {
  allOriginCookies: 'IE over classic WebDriver only lists the current page\'s cookies; there is no CDP or BiDi',
  injectCookies: 'classic WebDriver adds cookies only for the current page\'s domain, without HttpOnly control over the wire',
  cookieStoreObservable: 'IE\'s WinINet cookie files live on the Windows node',
  httpExchanges: 'IEDriverServer exposes no network events: takeExchanges() and allExchanges() return []',
};

/**
 * Throws RebootHookConfigError for a bad hook configuration (on a grid, where a hook is read): in `env` when
 * given, else the hook's own variables (drivers/profile/reboot-hook.ts reads them, on purpose).
 */
export function seleniumDeployment(spec: Pick<SeleniumDriverSpec, 'gridUrl' | 'nodeProfileDir'>, env?: NodeJS.ProcessEnv): SeleniumDeployment {
  const { gridUrl } = spec;
  if (!gridUrl) return { profileIsHere: true, ending: 'signals' };
  // A grid node's reboot is the operator's hook when one is configured for reboots; without it reboots are skipped.
  const ending = rebootHookConfig(env)?.commands.reboot ? 'hook' : 'none';
  return { gridUrl, profileIsHere: !spec.nodeProfileDir && isLoopback(gridUrl), ending };
}

export function seleniumCapabilities(browser: SeleniumDriverSpec['browser'], where: SeleniumDeployment): DriverCapabilities {
  const killProcesses = where.ending !== 'none';
  const unkillable = killProcesses ? {} : { killProcesses: OUT_OF_REACH };
  if (browser !== 'chromium') {
    return {
      persistentProfile: true,
      killProcesses,
      allOriginCookies: false,
      injectCookies: false,
      tabs: true,
      cookieStoreObservable: false,
      httpExchanges: false,
      liveChannels: false,
      limits: { ...unkillable, ...IE_LIMITS, liveChannels: NO_INIT_SCRIPT },
    };
  }
  // Chromium-only extras (every origin's cookies, HTTP exchanges) go through chromedriver's plain-HTTP CDP
  // endpoint and its performance log, so they work through a grid too.
  return {
    persistentProfile: true,
    killProcesses,
    allOriginCookies: true,
    injectCookies: true,
    tabs: true,
    // A node on this machine (the loopback grid) writes the profile here, where its cookie store can be watched.
    cookieStoreObservable: where.profileIsHere,
    httpExchanges: true,
    liveChannels: false,
    limits: !where.gridUrl
      ? { liveChannels: NO_INIT_SCRIPT }
      : {
          liveChannels: NO_INIT_SCRIPT,
          ...unkillable,
          ...(where.profileIsHere ? {} : { cookieStoreObservable: "the cookie store is on the grid node's disk" }),
          persistentProfile:
            `the profile stays on the node that ran the first session: a relaunch asks for that node by its "${NODE_CAPABILITY}" name and is refused on any other`,
        },
  };
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}
