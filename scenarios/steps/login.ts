import type { AuditCookie, AuditDriver } from '../../drivers/driver';
import type { Redactor } from '../../evidence/redact';
import { protectedUrl, type Target, type TargetUser } from '../../targets/target';
import type { ScenarioContext, Step } from '../scenario';
import { BrokenError } from '../verdict';
import { noteBrowserAtLoginForm } from './browser-holdings';
import { SIGNAL_MS, toSignal } from './page-kind';
import { enterOneTimeCode } from './second-factor';
import { sawLoggedIn } from './session-clock';

/**
 * Opens a protected page, as someone about to log in: the portal should send the browser to its login form.
 * Returns what appeared ('form', 'logged-in') or null for neither; the caller decides what each means.
 */
export async function openProtectedPageForLogin(driver: AuditDriver, target: Target): Promise<'form' | 'logged-in' | null> {
  try {
    await driver.open(protectedUrl(target));
  } catch (error) {
    throw new BrokenError('PORTAL_UNREACHABLE', (error as Error).message);
  }
  const opener = 'open' in target.login ? target.login.open : undefined;
  const seen = await driver.waitForAny(
    { form: toSignal(target.loginRequired), 'logged-in': toSignal(target.loggedIn), ...(opener ? { opener: { selector: opener } } : {}) },
    SIGNAL_MS,
  );
  if (seen === 'logged-in' || seen === null || !opener || !('username' in target.login)) return seen as 'form' | 'logged-in' | null;
  return (await openLoginDialog(driver, target.login.username, opener)) ? 'form' : null;
}

/**
 * A login form in a dialog behind a button (login.open, e.g. "Sign in" opening a modal): the button is clicked
 * when the form's fields are not showing yet. The target's loginRequired may be that button itself, so a page
 * showing it counts as "login required" before and after this click alike (page-kind.ts needs no dialog).
 * Whether the dialog opened is the username field showing, not the click returning.
 */
async function openLoginDialog(driver: AuditDriver, username: string, opener: string): Promise<boolean> {
  const fields = { fields: { selector: username } };
  // A look, not a wait: the page showed its login sign or the opener just now; a portal that opens the
  // dialog on its own shows the fields already.
  if ((await driver.waitForAny(fields, 0)) !== null) return true;
  await driver.click(opener);
  return (await driver.waitForAny(fields, SIGNAL_MS)) !== null;
}

declare module '../scenario' {
  interface ScenarioMemoryKeys {
    /** The jar as the login form appeared, before the user's last login: what the login did not set. */
    jarAtLoginForm: AuditCookie[];
  }
}

export interface LoginOptions {
  /**
   * Tick the target's "remember me" box (login.remember). Only logout-remember-me does: everywhere else it is
   * left unticked, as a user on a shared computer would.
   */
  remember?: boolean;
  /**
   * Called once the login form has appeared, before anything is typed: what the browser holds then is the
   * login page's, not the login's (browser-holdings.ts).
   */
  atLoginForm?: () => Promise<void>;
}

/**
 * Logs a user in the way a person does: open a protected page, get sent to the login form, type the
 * credentials, leave "remember me" unticked unless told otherwise, submit, type the one-time code where the
 * target's login asks for one (login.totp), see the personal data. The password is registered with the run's redactor first, so no report or log can ever show it. Returns the
 * cookie jar as the login form appeared: a cookie that was there already was not set by the login.
 */
export async function logInAs(driver: AuditDriver, target: Target, user: TargetUser, redactor: Pick<Redactor, 'register'>, options: LoginOptions = {}): Promise<AuditCookie[]> {
  redactor.register(user.password);
  const before = await openProtectedPageForLogin(driver, target);
  if (before === 'logged-in') throw new BrokenError('PRECONDITION', 'already logged in before logging in: the profile was not fresh');
  if (before !== 'form') {
    const state = await driver.pageState();
    const opened = 'open' in target.login && target.login.open ? ` (nor did clicking login.open ${target.login.open} show ${target.login.username})` : '';
    throw new BrokenError('LOGIN_FAILED', `no login form appeared at ${state.url} (HTTP ${state.status ?? 'n/a'})${opened}`);
  }
  const atForm = await driver.cookies();
  await options.atLoginForm?.();
  const how = target.login;
  if (options.remember && !('remember' in how && how.remember)) {
    throw new BrokenError('PRECONDITION', 'the login should tick "remember me", but the target declares no login.remember selector');
  }
  if ('script' in how) {
    try {
      await how.script(driver, user);
    } catch (error) {
      throw new BrokenError('LOGIN_FAILED', `the target's login script failed: ${(error as Error).message.split('\n')[0]}`);
    }
  } else {
    await driver.fill(how.username, user.username);
    await driver.fill(how.password, user.password);
    if (how.remember) await driver.check(how.remember, options.remember === true);
    await driver.click(how.submit);
    await enterOneTimeCode(driver, target, user, redactor);
  }
  const after = await driver.waitForAny(
    { 'logged-in': toSignal(target.loggedIn), ...(target.login.error ? { rejected: toSignal(target.login.error) } : {}) },
    SIGNAL_MS,
  );
  if (after === 'rejected') {
    const code = 'totp' in how && how.totp ? ' or their one-time code' : '';
    throw new BrokenError('LOGIN_FAILED', `the portal rejected the credentials of user ${user.id}${code}`);
  }
  if (after !== 'logged-in') {
    const state = await driver.pageState();
    throw new BrokenError('LOGIN_FAILED', `login did not reach the personal data; ended at ${state.url} (HTTP ${state.status ?? 'n/a'})`);
  }
  return atForm;
}

/** Logs in the scenario's user, or with `who: 'next'` the target's second user (the next person at the computer). */
export function login(who: 'user' | 'next' = 'user', options: LoginOptions = {}): Step {
  const remembered = options.remember ? ' with "remember me" ticked' : '';
  return {
    title: `${who === 'user' ? 'log in' : 'the next person logs in'}${remembered}`,
    async run(ctx: ScenarioContext) {
      const user = who === 'user' ? ctx.user : ctx.nextUser;
      if (!user) throw new BrokenError('PRECONDITION', 'the target declares only one user; this scenario needs two');
      const baseline = who === 'user' ? { atLoginForm: () => noteBrowserAtLoginForm(ctx) } : {};
      const atForm = await logInAs(ctx.driver, ctx.target, user, ctx.redactor, { ...options, ...baseline });
      if (who === 'user') ctx.memory.set('jarAtLoginForm', atForm);
      sawLoggedIn(ctx);
      ctx.premise('logged in', `personal data of ${user.id} shown`);
    },
  };
}
