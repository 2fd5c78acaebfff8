import type { AuditDriver } from '../../drivers/driver';
import { protectedUrl } from '../../targets/target';
import { controls } from '../controls';
import type { ScenarioContext, Step } from '../scenario';
import { BrokenError } from '../verdict';
import { logInAs } from './login';
import { judgeVisit } from './expect-login';
import { recognisePage, SIGNAL_MS, toSignal } from './page-kind';
import { idleNote, sawLoggedIn } from './session-clock';
import { clickThroughUserMenu } from './user-menu';

// The same user on a second computer (a fresh profile in the same engine): "log out everywhere" on the first
// must end the session there too. ASVS 3.3.4 / 7.5.2.

declare module '../scenario' {
  interface ScenarioMemoryKeys {
    /** The second computer's browser, logged in as the same user. */
    secondDevice: AuditDriver;
  }
}

function secondDevice(ctx: ScenarioContext): AuditDriver {
  const device = ctx.memory.get('secondDevice');
  if (!device) throw new BrokenError('PRECONDITION', 'no second device: log in on it first');
  return device;
}

export function logInOnSecondDevice(): Step {
  return {
    title: 'log in as the same user on a second computer',
    async run(ctx) {
      const device = await ctx.newDriver();
      ctx.memory.set('secondDevice', device);
      try {
        await logInAs(device, ctx.target, ctx.user, ctx.redactor);
        sawLoggedIn(ctx);
        const state = await device.pageState();
        ctx.control(controls.secondDevice, `personal data at ${state.url} on the second computer`);
      } finally {
        // Also (especially) when the login failed: the step's own evidence shows only the first computer.
        await ctx.capture(device, 'second computer after login').catch(() => undefined);
      }
    },
  };
}

export function logOutEverywhere(): Step {
  return {
    title: 'log out everywhere on the first computer',
    async run(ctx) {
      const everywhere = ctx.target.logout.everywhere;
      if (!everywhere) throw new BrokenError('PRECONDITION', 'the target declares no "log out everywhere" control');
      const { click, keepsThisSession, done } = typeof everywhere === 'string' ? { click: everywhere, keepsThisSession: false, done: undefined } : everywhere;
      await ctx.driver.open(protectedUrl(ctx.target));
      // The control is on the protected page only while logged in: say so when the session had already ended.
      if ((await recognisePage(ctx.driver, ctx.target)) !== 'logged-in') {
        throw new BrokenError('PRECONDITION', `the session on the first computer had ended before "log out everywhere": the protected page did not show the personal data${idleNote(ctx)}`);
      }
      await clickThroughUserMenu(ctx.driver, ctx.target, click);
      // "Log out everywhere else" leaves this computer logged in: its own confirmation (logout.everywhere.done)
      // says the others were ended, and this session staying is no failed logout. What counts is the second
      // computer, judged in the next step either way.
      if (!(await ctx.driver.waitForAny({ done: toSignal(done ?? ctx.target.logout.done) }, SIGNAL_MS))) {
        const which = keepsThisSession ? 'the confirmation logout.everywhere.done' : 'the logout confirmation';
        throw new BrokenError('LOGOUT_NOT_FINISHED', `${which} did not appear after "log out everywhere${keepsThisSession ? ' else' : ''}"`);
      }
    },
  };
}

export function expectLoginRequiredOnSecondDevice(): Step {
  return {
    title: 'expect the second computer to require a new login',
    async run(ctx) {
      const device = secondDevice(ctx);
      await device.open(protectedUrl(ctx.target));
      const visit = { kind: await recognisePage(device, ctx.target), state: await device.pageState() };
      await ctx.capture(device, 'second computer after logout everywhere');
      judgeVisit(ctx, visit, 'OTHER_DEVICE_STILL_AUTHENTICATED', {
        check: 'other device logged out',
        message: '"log out everywhere" left the session on another computer alive',
        expected: 'the login form on the second computer',
        seen: 'on the second computer',
        control: controls.secondDevice,
      });
    },
  };
}
