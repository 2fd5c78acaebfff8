import type { Step } from '../scenario';
import { BrokenError } from '../verdict';
import { SETTLE_MS, toSignal } from './page-kind';

/** Logs out the way the target says a person does (click, link, script) and waits for the portal to confirm. */
export function logout(): Step {
  return {
    title: 'log out',
    async run(ctx) {
      const { target, driver } = ctx;
      const how = target.logout;
      if (how.click) await driver.click(how.click);
      else if (how.url) await driver.open(new URL(how.url, target.baseUrl).toString());
      else if (how.script) {
        try {
          await how.script(driver);
        } catch (error) {
          throw new BrokenError('LOGOUT_NOT_FINISHED', `the target's logout script failed: ${(error as Error).message.split('\n')[0]}`);
        }
      }
      const done = await driver.waitForAny({ done: toSignal(target.logout.done) }, SETTLE_MS);
      if (!done) {
        const state = await driver.pageState();
        throw new BrokenError('LOGOUT_NOT_FINISHED', `the logout confirmation did not appear; the browser is at ${state.url}`);
      }
    },
  };
}
