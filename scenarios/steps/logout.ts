import type { Step } from '../scenario';
import { BrokenError } from '../verdict';
import { SETTLE_MS, toSignal } from './page-kind';

/** Clicks the portal's own logout control and waits for the portal to say it is done. */
export function logout(): Step {
  return {
    title: 'log out',
    async run(ctx) {
      const { target, driver } = ctx;
      await driver.click(target.logout.click);
      const done = await driver.waitForAny({ done: toSignal(target.logout.done) }, SETTLE_MS);
      if (!done) {
        const state = await driver.pageState();
        throw new BrokenError('LOGOUT_NOT_FINISHED', `the logout confirmation did not appear; the browser is at ${state.url}`);
      }
    },
  };
}
