import { controlFailed, controls } from '../controls';
import type { ScenarioContext, Step } from '../scenario';
import { BrokenError } from '../verdict';
import { openProtectedPageForLogin } from './login';
import { openUserMenu } from './user-menu';

// The 1177 risk in its plainest form: on a shared computer the next person must see nothing of the previous
// one: not their name, not their data, before or after logging in themselves.

function traceOfPrevious(ctx: ScenarioContext, text: string): string | undefined {
  const marks = [ctx.user.displayName].filter((m): m is string => Boolean(m && m.length >= 4));
  if (marks.length === 0) throw new BrokenError('PRECONDITION', `user ${ctx.user.id} has no displayName to look for`);
  return marks.find((m) => text.includes(m));
}

/**
 * The page's visible text, with the user's menu (target.userMenu) opened first where the page has one: a
 * portal that shows the name only in that menu shows it nowhere else. The control and every look read alike,
 * so a name the control found in the menu is looked for there too.
 */
async function visibleText(ctx: ScenarioContext): Promise<string> {
  await openUserMenu(ctx.driver, ctx.target);
  return ctx.driver.text();
}

async function look(ctx: ScenarioContext, where: string): Promise<void> {
  const state = await ctx.driver.pageState();
  const text = await visibleText(ctx);
  if (!text.trim()) throw new BrokenError('PAGE_UNRECOGNISED', `the page at ${state.url} showed no text to look at`);
  const trace = traceOfPrevious(ctx, text);
  if (trace) {
    ctx.finding('PREVIOUS_USER_VISIBLE', {
      message: `the next person at the computer sees the previous user's name ${where}`,
      expected: `nothing of ${ctx.user.id}`,
      seen: `"${trace}" on ${state.url}`,
      url: state.url,
    });
  } else {
    ctx.pass(`no trace of the previous user ${where}`, state.url, controls.previousUserName);
  }
}

/** The next person opens the portal's start page and its login form, before logging in. */
export function nextPersonLooksAround(): Step {
  return {
    title: 'the next person opens the start page and the login form',
    async run(ctx) {
      await ctx.driver.open(new URL(ctx.target.startPath, ctx.target.baseUrl).toString());
      await look(ctx, 'on the start page');
      // Ending up on the previous user's own page instead of the login form is looked at too: their name there
      // is the finding, not a reason to give up.
      const seen = await openProtectedPageForLogin(ctx.driver, ctx.target);
      if (!seen) throw new BrokenError('PAGE_UNRECOGNISED', 'neither the login form nor a personal page appeared for the next person');
      await look(ctx, seen === 'form' ? 'on the login form' : 'on the protected page, without logging in');
    },
  };
}

/**
 * The control of every look: the mark looked for (the previous user's name) is on their own page while they
 * are logged in; a displayName the portal never shows would find "no trace" anywhere.
 */
export function notePreviousUsersName(): Step {
  return {
    title: "note the user's name on their own page",
    async run(ctx) {
      const state = await ctx.driver.pageState();
      const mark = traceOfPrevious(ctx, await visibleText(ctx));
      if (!mark) controlFailed(controls.previousUserName, `no "${ctx.user.displayName ?? ''}" on ${state.url}`, `the target's users[0].displayName is not the name the portal shows${ctx.target.userMenu ? '' : ', or the portal shows it only in a menu: declare userMenu { open, panel }'}`);
      ctx.control(controls.previousUserName, `"${mark}" on ${state.url}`);
    },
  };
}

/** After their own login, the next person's pages show only their own data. */
export function expectNoTraceOfPreviousUser(): Step {
  return {
    title: "expect no trace of the previous user on the next person's pages",
    async run(ctx) {
      // The next person's own login (login('next') before this step) is this look's second control.
      const state = await ctx.driver.pageState();
      ctx.control(controls.nextUserLogin, `${ctx.nextUser?.id ?? 'the next person'} logged in, at ${state.url}`);
      await look(ctx, 'after their own login');
    },
  };
}
