import type { ScenarioContext, Step } from '../scenario';
import { idleNote } from './session-clock';
import { BrokenError } from '../verdict';
import { SIGNAL_MS, toSignal } from './page-kind';
import { clickThroughUserMenu } from './user-menu';

/**
 * A logout control that is missing on a page showing the login form is no selector problem: the session had
 * already ended (the reason says so, and whether the idle timeout explains it). A control in the user's menu
 * (target.userMenu) is clicked once the menu is open.
 */
async function clickLogout(ctx: ScenarioContext, selector: string): Promise<void> {
  try {
    await clickThroughUserMenu(ctx.driver, ctx.target, selector);
  } catch (error) {
    if ((await ctx.driver.waitForAny({ form: toSignal(ctx.target.loginRequired) }, 300)) !== null) {
      throw new BrokenError('PRECONDITION', `the session had ended before logout: the browser shows the login form, not ${selector}${idleNote(ctx)}`);
    }
    throw error;
  }
}

/** Logs out the way the target says a person does (click, link, script) and waits for the portal to confirm. */
export function logout(): Step {
  return {
    title: 'log out',
    async run(ctx) {
      const { target, driver } = ctx;
      const how = target.logout;
      if (how.click) await clickLogout(ctx, how.click);
      else if (how.url) await driver.open(new URL(how.url, target.baseUrl).toString());
      else if (how.script) {
        try {
          await how.script(driver);
        } catch (error) {
          throw new BrokenError('LOGOUT_NOT_FINISHED', `the target's logout script failed: ${(error as Error).message.split('\n')[0]}`);
        }
      }
      const done = await driver.waitForAny({ done: toSignal(target.logout.done) }, SIGNAL_MS);
      if (!done) {
        const state = await driver.pageState();
        throw new BrokenError('LOGOUT_NOT_FINISHED', `the logout confirmation did not appear; the browser is at ${state.url}`);
      }
    },
  };
}
