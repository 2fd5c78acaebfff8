import type { Step } from '../scenario';
import { BrokenError } from '../verdict';

async function asBrowserStep(action: () => Promise<void>, what: string): Promise<void> {
  try {
    await action();
  } catch (error) {
    throw new BrokenError('BROWSER_FAILED', `${what}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** A clean exit, as a user closing the last window: the browser writes what it keeps to the profile. */
export function closeBrowser(): Step {
  return { title: 'close the browser', run: (ctx) => asBrowserStep(() => ctx.driver.close(), 'the browser did not close cleanly') };
}

/** Start the browser again on the same profile, as the next person at the computer would. */
export function relaunchBrowser(): Step {
  return { title: 'open the browser again', run: (ctx) => asBrowserStep(() => ctx.driver.relaunch(), 'the browser did not start again') };
}

/**
 * Restart the computer: SIGTERM then SIGKILL of every process holding the profile (what an OS shutdown
 * does; Chromium skips pending writes on SIGTERM), the browser's temp dir wiped, the browser started again.
 */
export function rebootComputer(): Step {
  return { title: 'restart the computer and open the browser', run: (ctx) => asBrowserStep(() => ctx.driver.reboot(), 'the reboot failed') };
}
