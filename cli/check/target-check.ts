import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDriver, driverSpecFor } from '../../drivers/index';
import type { AuditDriver, BrowserExecutables } from '../../drivers/driver';
import { personas } from '../../drivers/personas';
import type { Redactor } from '../../evidence/redact';
import { logInAs } from '../../scenarios/steps/login';
import { recognisePage, SIGNAL_MS, toSignal } from '../../scenarios/steps/page-kind';
import { clickThroughUserMenu, openUserMenu } from '../../scenarios/steps/user-menu';
import { protectedUrl, type PageSignalSpec, type Target } from '../../targets/target';

// `logout-audit check`: one live round through a target file (login, protected page, logout, revisit) in the
// browser and with the steps an audit uses (scenarios/steps/), proving each signal and selector of the file:
// what it matched, on which page, with a screenshot; or that it matched nothing, with a suggested fix. A field
// an audit would read as a broken run in every scenario is named here once.

/**
 * How long a control may take to show on a page that has already shown its signal (a menu's items, a button
 * a script adds): the page has settled, so a control that is there shows at once; a miss costs this bound.
 */
const CONTROL_MS = 5_000;

export interface CheckLine {
  /** The target field: "logout.click". */
  field: string;
  ok: boolean;
  /** What it matched and where, or what went wrong. */
  text: string;
  /** For a problem: what to change. */
  fix?: string;
  screenshot?: string;
}

export interface CheckReport {
  lines: CheckLine[];
  /** What is not a problem of the file but worth saying (a session the portal kept after logout: an audit's finding). */
  notes: string[];
}

export interface CheckOptions {
  outDir: string;
  redactor: Redactor;
  executables?: BrowserExecutables;
  /**
   * 'problems': a screenshot only where a field did not hold (the check an audit starts with: what it proves
   * needs no picture, and each costs a moment of the audit). Default 'all' (logout-audit check).
   */
  screenshots?: 'all' | 'problems';
}

const describe = (s: PageSignalSpec): string =>
  [s.selector ? `selector ${s.selector}` : '', s.urlPattern ? `urlPattern /${s.urlPattern}/` : '', s.text ? `text "${s.text}"` : ''].filter(Boolean).join(', ');

class Round {
  readonly report: CheckReport = { lines: [], notes: [] };
  private shots = 0;

  constructor(
    readonly driver: AuditDriver,
    readonly target: Target,
    readonly options: CheckOptions,
  ) {}

  private async where(): Promise<string> {
    const state = await this.driver.pageState();
    // The jar's values are learnt first: an identity provider's interaction id is a cookie value and a path segment.
    this.options.redactor.cookies(await this.driver.cookies());
    return this.options.redactor.text(state.url);
  }

  private async shot(name: string): Promise<string> {
    this.shots += 1;
    const file = join(this.options.outDir, `${String(this.shots).padStart(2, '0')}-${name}.png`);
    writeFileSync(file, await this.driver.screenshot());
    return file;
  }

  async ok(field: string, what: string, shotName: string): Promise<void> {
    const text = `${what} on ${await this.where()}`;
    if (this.options.screenshots === 'problems') this.report.lines.push({ field, ok: true, text });
    else this.report.lines.push({ field, ok: true, text, screenshot: await this.shot(shotName) });
  }

  async problem(field: string, what: string, fix: string, shotName: string): Promise<void> {
    this.report.lines.push({ field, ok: false, text: `${what} on ${await this.where()}`, fix, screenshot: await this.shot(shotName) });
  }

  /** Whether a selector shows on the current page within CONTROL_MS, proved as `field`. */
  async control(field: string, selector: string, fix: string, shotName: string): Promise<boolean> {
    if ((await this.driver.waitForAny({ it: { selector } }, CONTROL_MS)) !== null) {
      await this.ok(field, `${selector} shows`, shotName);
      return true;
    }
    await this.problem(field, `${selector} matched nothing visible`, fix, shotName);
    return false;
  }
}

/** Runs the round; never throws for what the portal shows (each is a line), only when the browser cannot start. */
export async function checkTarget(target: Target, options: CheckOptions): Promise<CheckReport> {
  mkdirSync(options.outDir, { recursive: true });
  const spec = driverSpecFor('playwright', 'chromium', 'fresh-default', personas.default, { executables: options.executables ?? {} });
  const driver = createDriver(spec, { redactor: options.redactor });
  const round = new Round(driver, target, options);
  try {
    await driver.launch();
    await runRound(round);
  } catch (error) {
    round.report.lines.push({ field: '(round)', ok: false, text: options.redactor.text((error as Error).message.split('\n')[0] ?? ''), fix: 'see the line before; run again with the portal up' });
  } finally {
    await driver.dispose();
  }
  return round.report;
}

async function runRound(round: Round): Promise<void> {
  const { driver, target } = round;
  const user = target.users[0];
  if (!user) return;
  const how = target.login;
  const page = protectedUrl(target);

  // 1. Logged out: the protected page must ask for a login.
  try {
    await driver.open(page);
  } catch (error) {
    await round.problem('baseUrl', `${page} did not open (${(error as Error).message.split('\n')[0]})`, 'check baseUrl and protectedPaths[0], and that the portal runs', 'portal-unreachable');
    return;
  }
  const opener = 'open' in how ? how.open : undefined;
  const first = await driver.waitForAny(
    { loginRequired: toSignal(target.loginRequired), loggedIn: toSignal(target.loggedIn), ...(opener ? { opener: { selector: opener } } : {}) },
    SIGNAL_MS,
  );
  if (first === 'loggedIn') {
    await round.problem('loggedIn', `${describe(target.loggedIn)} shows before any login`, "name an element only the logged-in user's page shows (their name, their data), e.g. { selector: '#greeting' }", 'logged-out-page');
    return;
  }
  if (first === 'loginRequired') await round.ok('loginRequired', `${describe(target.loginRequired)} shows when ${target.protectedPaths[0]} is opened without a login`, 'login-required');
  else if (first === 'opener') await round.ok('login.open', `${opener} shows when ${target.protectedPaths[0]} is opened without a login`, 'login-opener');
  else {
    await round.problem('loginRequired', `opening ${target.protectedPaths[0]} without a login, ${describe(target.loginRequired)} matched nothing`, 'name what the login page shows, e.g. its password field { selector: "input[type=password]" }; or protectedPaths[0] is a public page', 'login-required');
    if (!('username' in how)) return;
  }

  // 2. The login form's fields, then the login itself, the way every scenario logs in.
  if ('username' in how) {
    // A login dialog: its fields show once login.open is clicked (loginRequired may be that button itself).
    if (opener && (await driver.waitForAny({ fields: { selector: how.username } }, 0)) === null) {
      await driver.click(opener);
      if ((await driver.waitForAny({ fields: { selector: how.username } }, SIGNAL_MS)) !== null) await round.ok('login.open', `clicking ${opener} shows ${how.username}`, 'login-open');
      else await round.problem('login.open', `clicking ${opener} did not show ${how.username}`, 'name the control that opens the login dialog, or the dialog\'s username field', 'login-open');
    }
    const fields = [
      ['login.username', how.username],
      ['login.password', how.password],
      ['login.submit', how.submit],
      ...(how.remember ? [['login.remember', how.remember]] : []),
    ] as const;
    let complete = true;
    for (const [field, selector] of fields) {
      const shows = await round.control(field, selector, `name the login form's ${field.split('.')[1]} control, e.g. the element's #id (logout-audit init finds it)`, field.replace('.', '-'));
      if (!shows && field !== 'login.remember') complete = false;
    }
    if (!complete) return;
  }
  try {
    // logInAs opens the protected page again and waits for its signals, as every scenario's login does.
    await logInAs(driver, target, user, round.options.redactor);
  } catch (error) {
    const message = (error as Error).message;
    const rejected = /rejected the credentials/.test(message);
    await round.problem(
      rejected ? 'users' : 'loggedIn',
      message,
      rejected
        ? `the portal refused user ${user.id}: check the values of its usernameEnv/passwordEnv variables`
        : `after the login ${describe(target.loggedIn)} matched nothing: name what the logged-in page shows, or check login.submit`,
      'after-login',
    );
    return;
  }
  await round.ok('loggedIn', `${describe(target.loggedIn)} shows after the login of user ${user.id}`, 'logged-in');

  // 3. The protected page, logged in, as the scenarios read it, and its controls.
  await driver.open(page);
  const kind = await recognisePage(driver, target);
  if (kind === 'logged-in') await round.ok('protectedPaths', `${target.protectedPaths[0]} shows ${describe(target.loggedIn)} while logged in`, 'protected-page');
  else {
    await round.problem('protectedPaths', `${target.protectedPaths[0]}, logged in, shows ${kind === 'login-required' ? 'the login-required signal' : 'neither signal'}`, "protectedPaths[0] must be a page the logged-in user sees, with loggedIn's element", 'protected-page');
    return;
  }
  if (target.userMenu) {
    try {
      const opened = await openUserMenu(driver, target);
      if (opened) await round.ok('userMenu', `clicking ${target.userMenu.open} shows ${target.userMenu.panel}`, 'user-menu');
      else await round.problem('userMenu', `${target.userMenu.open} matched nothing visible`, 'name the button that opens the user menu, e.g. { open: "#avatar", panel: "#user-menu" }', 'user-menu');
    } catch (error) {
      await round.problem('userMenu', (error as Error).message, 'name what shows once the menu is open as userMenu.panel', 'user-menu');
    }
  }
  const logout = target.logout;
  const everywhere = typeof logout.everywhere === 'string' ? logout.everywhere : logout.everywhere?.click;
  if (everywhere) await round.control('logout.everywhere', everywhere, 'name the "log out everywhere" control, or leave logout.everywhere out', 'logout-everywhere');
  if (logout.click && !(await round.control('logout.click', logout.click, 'name the logout link or button, e.g. { click: "a[href*=logout]" } (logout-audit init finds it; a control in a menu also needs userMenu)', 'logout-control'))) return;

  // 4. Logout, as the logout step does it, and its confirmation.
  try {
    if (logout.click) await clickThroughUserMenu(driver, target, logout.click);
    else if (logout.url) await driver.open(new URL(logout.url, target.baseUrl).toString());
    else if (logout.script) await logout.script(driver);
  } catch (error) {
    await round.problem('logout', `logging out failed: ${(error as Error).message.split('\n')[0]}`, 'check logout.click, logout.url or logout.script', 'logout');
    return;
  }
  if ((await driver.waitForAny({ done: toSignal(logout.done) }, SIGNAL_MS)) !== null) await round.ok('logout.done', `${describe(logout.done)} shows after logout`, 'logged-out');
  else await round.problem('logout.done', `after logout ${describe(logout.done)} matched nothing`, 'name what the page shows once logout has finished, e.g. its "logged out" heading or the login form', 'logged-out');

  // 5. The revisit every logout scenario makes.
  await driver.open(page);
  const after = await recognisePage(driver, target);
  if (after === 'login-required') await round.ok('loginRequired', `${describe(target.loginRequired)} shows when ${target.protectedPaths[0]} is opened after logout`, 'revisit');
  else if (after === 'logged-in') {
    round.report.notes.push(`after logout ${target.protectedPaths[0]} still shows ${describe(target.loggedIn)}: the portal kept the session (an audit reports it as a finding), or loggedIn is not the user's own`);
    await round.ok('revisit', `${target.protectedPaths[0]} opened after logout`, 'revisit');
  } else {
    await round.problem('loginRequired', `opening ${target.protectedPaths[0]} after logout, neither ${describe(target.loginRequired)} nor loggedIn matched`, 'name what the page asking for a login shows after logout', 'revisit');
  }
}
