import { chromium, type Browser, type BrowserContext, type Cookie, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../drivers/browsers';
import type { BrowserExecutables } from '../../drivers/driver';
import { InputError } from '../../errors/audit-error';
import type { FoundTarget, SignalValue } from './found-target';
import { pickLoggedIn, pickLoggedOut } from './pick-signals';
import { candidates, findControls, findLogin, isVisible, menuOpeners, panelOf, visibleText, type FoundControl, type FoundLogin } from './page-probe';
import { goneWithin, PAGE_MS, settle, showsWithin } from './page-wait';
import { statedIdleTimeout } from './idle-timeout-text';

// `logout-audit init URL`: finds, in a real Chromium (the one every audit uses, drivers/browsers.ts), what a
// target file needs, by doing once what a person does: find the login, log in, look at the protected page, log
// out, look again. Every field is found on the live pages and checked against a browser that never logged in
// (a second context): a logged-in signal is what that browser does not see. The credentials are typed into the
// form and nowhere else: no value of them is kept in what is returned.

export interface InitOptions {
  url: string;
  /** --protected: the page to audit, when it is not where the login lands. */
  protectedPath?: string;
  usernameEnv: string;
  passwordEnv: string;
  /** A second user's variables, written as users[1] (init logs in with the first user only). */
  secondUser?: { usernameEnv: string; passwordEnv: string };
  username: string;
  password: string;
  executables?: BrowserExecutables;
}

export class InitError extends InputError {}

/** A page of the portal by its path; a page of another origin (an identity provider's, with ids in its path) by its origin. */
const pageName = (url: string, portal: string): string => (new URL(url).origin === portal ? pathOf(url).split('?')[0] ?? '/' : new URL(url).origin);

const pathOf = (url: string): string => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** Replaces the credentials' values in any text bound for the file or the terminal. */
function masker(options: InitOptions): (text: string) => string {
  const secrets = [
    [options.password, `<$${options.passwordEnv}>`],
    [options.username, `<$${options.usernameEnv}>`],
  ].filter(([value]) => (value ?? '').length >= 2) as [string, string][];
  return (text) => secrets.reduce((t, [value, name]) => t.split(value).join(name), text);
}

export async function discoverTarget(options: InitOptions): Promise<FoundTarget> {
  const start = new URL(options.url);
  const mask = masker(options);
  const found: FoundTarget = {
    name: start.hostname,
    baseUrl: start.origin,
    usernameEnv: options.usernameEnv,
    passwordEnv: options.passwordEnv,
    ...(options.secondUser ? { secondUser: options.secondUser } : {}),
    login: {},
    logout: {},
    missing: [],
    notes: [],
  };
  const browser = await chromium.launch({ executablePath: findChromium(options.executables).path, headless: true, args: CHROMIUM_ARGS, timeout: PAGE_MS });
  try {
    await explore(browser, options, found, mask);
  } finally {
    await browser.close();
  }
  return found;
}

async function open(page: Page, url: string): Promise<void> {
  try {
    await page.goto(url, { timeout: PAGE_MS, waitUntil: 'commit' });
  } catch (error) {
    throw new InitError(`the portal did not answer at ${url} (${(error as Error).message.split('\n')[0]}): check the URL and that the portal runs`);
  }
  await settle(page);
}

interface LoginForm {
  form: FoundLogin;
  /** The control clicked to show the form, and whether the form then showed in the same page (a dialog). */
  opener?: { control: FoundControl; dialog: boolean };
  /** A "my account" link the form came behind: the protected page, when --protected is not given. */
  accountPath?: string;
}

/** How long a page that went quiet may still take to draw its own login form; a bound, ended by the field showing. */
const LATE_FORM_MS = 10_000;

/**
 * The login form of the page, waiting for one drawn late: a single-page app draws it once its scripts have asked
 * the server and been refused (Node-RED's editor: its settings call answers 401, then the dialog appears, also
 * after logout), which can be after the page went quiet.
 */
async function findLoginDrawnLate(page: Page): ReturnType<typeof findLogin> {
  return (await findLogin(page)) ?? ((await showsWithin(page, 'input[type=password]', LATE_FORM_MS)) ? await findLogin(page) : null);
}

/** The password field on the first page, or behind a "log in" control, or behind a "my account" link. */
async function reachLoginForm(page: Page, first: string): Promise<LoginForm | undefined> {
  // Waited for before any control is clicked: a form drawn while the controls are tried would offer its own
  // submit button as a "log in" control.
  const direct = await findLoginDrawnLate(page);
  if (direct) return { form: direct };
  for (const kind of ['login', 'account'] as const) {
    const controls = (await findControls(page, kind)).filter((c) => c.visible && !c.everywhere).slice(0, 3);
    for (const control of controls) {
      const before = page.url().split('#')[0];
      await page.click(control.selector, { timeout: 10_000 }).catch(() => undefined);
      if (await showsWithin(page, 'input[type=password]', 15_000)) {
        await settle(page);
        const form = await findLogin(page);
        if (form) {
          const dialog = page.url().split('#')[0] === before;
          const accountPath = kind === 'account' && control.href ? pathOf(new URL(control.href, before).toString()) : undefined;
          return { form, opener: { control, dialog }, ...(accountPath ? { accountPath } : {}) };
        }
      }
      await open(page, first);
    }
  }
  return undefined;
}

/** Cookie names (per site) and Web Storage keys the login added: where the login lives. */
async function loginTraces(page: Page, anonymous: Page, before: Cookie[], after: Cookie[]): Promise<string> {
  const had = new Set(before.map((c) => `${c.domain} ${c.name} ${c.value}`));
  const set = after.filter((c) => !had.has(`${c.domain} ${c.name} ${c.value}`)).map((c) => `${c.name} (${c.domain}${c.path === '/' ? '' : c.path})`);
  const keys = (p: Page) => p.evaluate('[Object.keys(localStorage), Object.keys(sessionStorage)]').catch(() => [[], []]) as Promise<[string[], string[]]>;
  const [[local, session], [anonLocal, anonSession]] = await Promise.all([keys(page), keys(anonymous)]);
  const localNew = local.filter((k) => !anonLocal.includes(k));
  const sessionNew = session.filter((k) => !anonSession.includes(k));
  const parts = [
    set.length ? `cookies set or changed by the login: ${set.join(', ')}` : 'no cookie set by the login',
    localNew.length ? `localStorage keys: ${localNew.join(', ')}` : '',
    sessionNew.length ? `sessionStorage keys: ${sessionNew.join(', ')}` : '',
  ];
  return parts.filter(Boolean).join('; ');
}

/** The identity provider, when the login form is on another origin that publishes an OpenID configuration. */
async function findIdp(context: BrowserContext, loginOrigin: string, navigations: string[], found: FoundTarget): Promise<void> {
  const wellKnown = `${loginOrigin}/.well-known/openid-configuration`;
  const answer = await context.request.get(wellKnown, { timeout: 10_000 }).catch(() => undefined);
  const config = answer?.ok() ? ((await answer.json().catch(() => undefined)) as { issuer?: string; authorization_endpoint?: string } | undefined) : undefined;
  if (!config?.issuer) {
    found.missing.push({
      field: 'idp',
      why: `the login form is on ${loginOrigin}, another origin than the portal's, and ${wellKnown} gave no OpenID configuration (a SAML or other provider): describe it by hand if it is OpenID Connect`,
    });
    return;
  }
  const authorize = navigations.map((n) => new URL(n)).find((u) => (config.authorization_endpoint ? u.href.startsWith(config.authorization_endpoint) : false) || u.searchParams.has('client_id'));
  const clientId = authorize?.searchParams.get('client_id') ?? undefined;
  const redirectUri = authorize?.searchParams.get('redirect_uri') ?? undefined;
  found.idp = {
    value: { issuer: config.issuer, ...(clientId ? { clientId } : {}), ...(redirectUri ? { redirectUri } : {}) },
    how: `the login form is on ${loginOrigin} (another origin), whose ${wellKnown} names this issuer${clientId ? '; clientId and redirectUri from the authorization request the portal sent the browser with' : ''}`,
  };
}

async function explore(browser: Browser, options: InitOptions, found: FoundTarget, mask: (t: string) => string): Promise<void> {
  const context = await browser.newContext();
  const page = await context.newPage();
  // Only the URLs the browser was sent to, to read the OpenID client_id and redirect_uri: kept in memory, never written.
  const navigations: string[] = [];
  page.on('request', (r) => {
    if (r.isNavigationRequest()) navigations.push(r.url());
  });
  const first = options.protectedPath ? new URL(options.protectedPath, found.baseUrl).toString() : options.url;
  await open(page, first);
  if (!options.protectedPath && pathOf(options.url) !== '/') found.notes.push(`startPath: ${pathOf(options.url)}`);

  const reached = await reachLoginForm(page, first);
  if (!reached) {
    const why = `no password field on ${page.url()}, nor after clicking a "log in" or "my account" control: pass --protected PATH of a page that asks for a login`;
    for (const field of ['loginRequired', 'login.username', 'login.password', 'login.submit']) found.missing.push({ field, why });
    return;
  }
  const { form, opener } = reached;
  const loginUrl = page.url();
  const loginOrigin = new URL(loginUrl).origin;
  const where = `on the login form at ${pageName(loginUrl, found.baseUrl)}`;
  if (opener?.dialog) found.login.open = { value: opener.control.selector, how: `${opener.control.describe} "${opener.control.text}": clicking it shows the login form in the same page (a dialog)` };
  const named = (key: 'username' | 'password' | 'submit', what: string): string | undefined => {
    const el = form[key];
    if (el?.selector) {
      found.login[key] = { value: el.selector, how: `${el.describe} ${where}: ${what}` };
      return el.selector;
    }
    found.missing.push({ field: `login.${key}`, why: `${where} no ${key === 'submit' ? 'submit button' : `${key} field`} could be told apart (${what}): name it by hand` });
    return undefined;
  };
  const passwordSel = named('password', 'the visible password field');
  const usernameSel = named('username', 'the text field before the password field in its form');
  const submitSel = named('submit', "the form's submit button");
  if (form.remember?.selector) found.login.remember = { value: form.remember.selector, how: `${form.remember.describe} ${where}: a "remember me" box by its label (left unticked but by logout-remember-me)` };
  if (!passwordSel || !usernameSel || !submitSel) return;
  if (loginOrigin !== found.baseUrl) await findIdp(context, loginOrigin, navigations, found);

  // Log in once, as a person does.
  const cookiesBefore = await context.cookies();
  await page.fill(usernameSel, options.username, { timeout: 10_000 });
  await page.fill(passwordSel, options.password, { timeout: 10_000 });
  await page.click(submitSel, { timeout: 10_000 });
  const left = await goneWithin(page, 'input[type=password]', PAGE_MS);
  await settle(page);
  if (!left || (await isVisible(page, 'input[type=password]'))) {
    found.missing.push({
      field: 'loggedIn',
      why: `after submitting, the login form is still shown at ${pageName(page.url(), found.baseUrl)}: the credentials in ${options.usernameEnv}/${options.passwordEnv} were refused, or ${submitSel} is not the form's button`,
    });
    return;
  }
  const landed = page.url();
  if (new URL(landed).origin !== found.baseUrl) {
    found.missing.push({ field: 'protectedPaths', why: `the login ended on ${new URL(landed).origin}, not on the portal ${found.baseUrl}: pass --protected PATH` });
    return;
  }
  const protectedPath = options.protectedPath ?? reached.accountPath ?? pathOf(landed);
  found.protectedPath = {
    value: protectedPath,
    how: options.protectedPath ? 'given with --protected' : reached.accountPath ? `the "my account" link the login form came behind` : 'where the login landed',
  };
  const protectedUrl = new URL(protectedPath, found.baseUrl).toString();
  if (pathOf(landed) !== protectedPath) await open(page, protectedUrl);
  const loggedInView = await candidates(page);
  const controls = await findControls(page, 'logout');
  const idle = statedIdleTimeout(await visibleText(page));
  if (idle) found.idleTimeout = { value: idle.seconds, how: mask(`${protectedPath} says: "${idle.sentence}"`) };

  // A browser that never logged in, on the same page: what it shows is "login required", what it lacks is the user's.
  const anonymousContext = await browser.newContext();
  const anonymous = await anonymousContext.newPage();
  await open(anonymous, protectedUrl);
  await showsWithin(anonymous, 'input[type=password]', opener?.dialog ? 0 : 5_000);
  const anonymousForm = await findLogin(anonymous);
  const openerShown = opener?.dialog ? await isVisible(anonymous, opener.control.selector) : false;
  let loginRequired: SignalValue | undefined;
  if (opener?.dialog && openerShown) {
    loginRequired = { selector: opener.control.selector };
    found.loginRequired = { value: loginRequired, how: `a browser without the login opening ${protectedPath} shows the "${opener.control.text}" control that opens the login dialog` };
  } else if (anonymousForm?.password.selector) {
    loginRequired = { selector: anonymousForm.password.selector };
    found.loginRequired = { value: loginRequired, how: `a browser without the login opening ${protectedPath} is shown this password field (at ${pageName(anonymous.url(), found.baseUrl)})` };
  } else {
    found.missing.push({
      field: 'loginRequired',
      why: `a browser without the login opening ${protectedPath} is shown no login form (it ends at ${pageName(anonymous.url(), found.baseUrl)}): the page is public; pass --protected PATH of a page only a logged-in user may open`,
    });
  }
  const anonymousSees = new Set<string>();
  for (const c of loggedInView) if (await isVisible(anonymous, c.selector)) anonymousSees.add(c.selector);
  const logoutShown = controls.filter((c) => c.visible && !c.everywhere).map((c) => c.selector);
  const loggedIn = pickLoggedIn(loggedInView, anonymousSees, options.username, logoutShown);
  if (loggedIn) found.loggedIn = { value: { selector: loggedIn.selector }, how: mask(`${loggedIn.why} on ${protectedPath}; a browser without the login does not see it`) };
  else found.missing.push({ field: 'loggedIn', why: `no element on ${protectedPath} after login is absent for a browser without the login: name one holding the user's own data` });
  found.traces = mask(await loginTraces(page, anonymous, cookiesBefore, await context.cookies()));
  await anonymousContext.close();

  await findLogout(page, protectedUrl, protectedPath, controls, found);
  const logoutSel = found.logout.click?.value;
  if (!logoutSel) return;
  // Log out, as a person does, and see what the portal shows.
  if (found.userMenu && !(await isVisible(page, logoutSel))) await page.click(found.userMenu.value.open, { timeout: 10_000 });
  const loggedInSelectors = new Set(loggedInView.map((c) => c.selector));
  await page.click(logoutSel, { timeout: 10_000 });
  await goneWithin(page, logoutSel, PAGE_MS);
  await settle(page);
  const afterForm = await findLoginDrawnLate(page);
  const afterLogout = await candidates(page);
  const done = pickLoggedOut(afterLogout, loggedInSelectors, afterForm?.password.selector ?? null, opener?.dialog && (await isVisible(page, opener.control.selector)) ? opener.control.selector : null, pathOf(page.url()), protectedPath);
  if (done) found.logout.done = { value: done.signal, how: mask(`${done.why}, after clicking ${logoutSel}`) };
  else found.missing.push({ field: 'logout.done', why: `after clicking ${logoutSel} the page (${pageName(page.url(), found.baseUrl)}) shows nothing that says logged out: name what it shows` });

  // The revisit an audit makes: the protected page again, now logged out.
  await open(page, protectedUrl);
  if (loginRequired?.selector && !opener?.dialog) await showsWithin(page, loginRequired.selector, 5_000);
  const stillIn = found.loggedIn?.value.selector ? await isVisible(page, found.loggedIn.value.selector) : false;
  const asksLogin = loginRequired?.selector ? await isVisible(page, loginRequired.selector) : false;
  if (stillIn) {
    found.logoutCheck = `after logout ${protectedPath} still shows ${found.loggedIn?.value.selector}: the portal may keep the session (an audit reports it), or that element is not the user's own`;
    found.notes.push(found.logoutCheck);
  } else if (asksLogin) {
    found.logoutCheck = `after logout, opening ${protectedPath} showed ${loginRequired?.selector} again and not ${found.loggedIn?.value.selector ?? 'the logged-in signal'}: logout works as this file describes`;
  } else {
    found.logoutCheck = `after logout, ${protectedPath} showed neither signal (at ${pageName(page.url(), found.baseUrl)}): run logout-audit check`;
    found.notes.push(found.logoutCheck);
  }
  await context.close();
}

/** The logout control: shown on the protected page, or in a menu one of the page's menu buttons opens. */
async function findLogout(page: Page, protectedUrl: string, protectedPath: string, controls: FoundControl[], found: FoundTarget): Promise<void> {
  const everywhere = controls.find((c) => c.everywhere);
  if (everywhere) found.logout.everywhere = { value: everywhere.selector, how: `${everywhere.describe} "${everywhere.text}" on ${protectedPath}` };
  const shown = controls.find((c) => c.visible && !c.everywhere);
  if (shown) {
    found.logout.click = { value: shown.selector, how: `${shown.describe} "${shown.text}" on ${protectedPath}: a logout word or href` };
    return;
  }
  const openers = (await menuOpeners(page)).slice(0, 4);
  for (const menu of openers) {
    await page.click(menu, { timeout: 5_000 }).catch(() => undefined);
    const inMenu = (await findControls(page, 'logout')).find((c) => c.visible && !c.everywhere);
    if (inMenu) {
      const panel = await panelOf(page, inMenu.selector);
      found.userMenu = { value: { open: menu, panel }, how: `clicking ${menu} shows ${panel}, which holds the logout control` };
      found.logout.click = { value: inMenu.selector, how: `${inMenu.describe} "${inMenu.text}" in the menu ${menu} opens: a logout word or href` };
      const everywhereInMenu = (await findControls(page, 'logout')).find((c) => c.everywhere);
      if (!found.logout.everywhere && everywhereInMenu) found.logout.everywhere = { value: everywhereInMenu.selector, how: `${everywhereInMenu.describe} "${everywhereInMenu.text}" in the menu` };
      return;
    }
    await open(page, protectedUrl).catch(() => undefined);
  }
  found.missing.push({
    field: 'logout.click',
    why: `no link or button with a logout word (English, Swedish, German, French, Spanish) on ${protectedPath}, nor in a menu ${openers.length ? `opened by ${openers.join(', ')}` : '(no menu button found)'}: name it, e.g. logout: { click: "#logout" }`,
  });
}
