import type { Page } from 'playwright-core';
import { ACCOUNT_WORDS, EVERYWHERE_WORDS, LOGGED_OUT_WORDS, LOGIN_WORDS, LOGOUT_HREF, LOGOUT_WORDS, REMEMBER_WORDS } from './words';

// What `init` reads inside the page: the login form, controls by their words, elements that could mark a
// logged-in page, each with a CSS selector that names it alone on the page. CSS only (no Playwright text
// selectors): a target's selectors are also used by the Selenium and WebKitGTK backends.
//
// Plain JavaScript in a string, not functions handed to page.evaluate: under tsx (esbuild keepNames) a named
// function is wrapped in a __name() helper that exists only in Node (drivers/playwright/page-storage.ts).

const PROBE = String.raw`(() => {
  if (window.__logoutAuditInit) return;
  const re = (s) => new RegExp(s, 'i');
  const W = { login: re(${JSON.stringify(LOGIN_WORDS)}), logout: re(${JSON.stringify(LOGOUT_WORDS)}), logoutHref: re(${JSON.stringify(LOGOUT_HREF)}),
    everywhere: re(${JSON.stringify(EVERYWHERE_WORDS)}), account: re(${JSON.stringify(ACCOUNT_WORDS)}), loggedOut: re(${JSON.stringify(LOGGED_OUT_WORDS)}), remember: re(${JSON.stringify(REMEMBER_WORDS)}) };
  const visible = (el) => {
    if (!el || !el.isConnected || el.getClientRects().length === 0) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) !== 0;
  };
  const quote = (v) => '"' + String(v).replace(/["\\]/g, '\\$&') + '"';
  const simpleId = (id) => /^[A-Za-z][\w-]*$/.test(id);
  const unique = (sel, el) => { try { const all = document.querySelectorAll(sel); return all.length === 1 && all[0] === el; } catch { return false; } };
  // getAttribute, never el.id: a form holding <input name="id"> answers form.id with that input (DokuWiki's does).
  const idOf = (el) => el.getAttribute('id') || '';
  const idSel = (el) => simpleId(idOf(el)) ? '#' + idOf(el) : '[id=' + quote(idOf(el)) + ']';
  const formSel = (form) => {
    if (idOf(form)) return 'form' + idSel(form);
    if (form.getAttribute('name')) return 'form[name=' + quote(form.getAttribute('name')) + ']';
    const action = form.getAttribute('action');
    if (action && !action.includes('?')) return 'form[action=' + quote(action) + ']';
    return document.querySelectorAll('form').length === 1 ? 'form' : null;
  };
  const pathFrom = (el) => {
    const parts = [];
    let node = el;
    while (node && node !== document.body && node.parentElement) {
      if (node !== el && idOf(node) && unique(idSel(node), node)) { parts.unshift(idSel(node)); break; }
      const tag = node.tagName.toLowerCase();
      const same = Array.from(node.parentElement.children).filter((c) => c.tagName === node.tagName);
      parts.unshift(same.length > 1 ? tag + ':nth-of-type(' + (same.indexOf(node) + 1) + ')' : tag);
      node = node.parentElement;
    }
    return parts.join(' > ');
  };
  const cssFor = (el) => {
    const tag = el.tagName.toLowerCase();
    const tries = [];
    if (idOf(el)) tries.push(idSel(el));
    for (const attr of ['data-testid', 'data-test', 'data-cy']) if (el.getAttribute(attr)) tries.push('[' + attr + '=' + quote(el.getAttribute(attr)) + ']');
    const name = el.getAttribute('name');
    const form = el.closest('form');
    const fs = form ? formSel(form) : null;
    if (name) tries.push(tag + '[name=' + quote(name) + ']');
    if (fs && name) tries.push(fs + ' ' + tag + '[name=' + quote(name) + ']');
    if (tag === 'a' && el.getAttribute('href')) {
      const href = el.getAttribute('href');
      // A query's other parameters (a page id, a CSRF token) change from page to page: the action alone names the link.
      const action = href.match(/[?&]((?:do|action|cmd)=[\w-]+)/);
      if (action) tries.push('a[href*=' + quote(action[1]) + ']');
      if (!href.includes('?')) tries.push('a[href=' + quote(href) + ']');
    }
    if (fs && (tag === 'button' || tag === 'input') && el.getAttribute('type')) tries.push(fs + ' ' + tag + '[type=' + quote(el.getAttribute('type')) + ']');
    if (fs && tag === 'button') tries.push(fs + ' button');
    if (el.getAttribute('aria-label')) tries.push(tag + '[aria-label=' + quote(el.getAttribute('aria-label')) + ']');
    for (const t of tries) if (unique(t, el)) return t;
    const path = pathFrom(el);
    return unique(path, el) ? path : null;
  };
  const describe = (el) => {
    const tag = el.tagName.toLowerCase();
    // A CSRF token or session id in a link's query (DokuWiki's sectok) is not written into the file.
    const shown = (a) => a === 'href' ? el.getAttribute(a).replace(/([?&][^=&]*(tok|token|csrf|state|code|nonce|sid|session)[^=&]*=)[^&]*/gi, '$1…') : el.getAttribute(a);
    const attrs = ['id', 'name', 'type', 'data-testid', 'href'].filter((a) => el.getAttribute(a)).map((a) => a + '=' + quote(shown(a).slice(0, 60)));
    return '<' + [tag, ...attrs].join(' ') + '>';
  };
  const textOf = (el) => {
    const own = (el.innerText || el.value || '').trim();
    const more = [el.getAttribute('aria-label'), el.getAttribute('title')].filter((t) => t && t.trim() !== own);
    return [own, ...more].join(' ').replace(/\s+/g, ' ').trim();
  };
  const controls = () => Array.from(document.querySelectorAll('a, button, input[type=submit], input[type=button], [role=button], [role=menuitem], summary'));
  const precedes = (a, b) => (b.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_PRECEDING) !== 0;
  const labelOf = (input) => ((input.labels && input.labels[0] ? input.labels[0].innerText : '') + ' ' + (input.getAttribute('name') || '') + ' ' + idOf(input)).trim();

  window.__logoutAuditInit = {
    /** The visible password field, its form's username field and submit, and a "remember me" box. */
    findLogin: () => {
      const pw = Array.from(document.querySelectorAll('input[type=password]')).find(visible);
      if (!pw) return null;
      const scope = pw.form || pw.closest('[role=dialog], dialog, main') || document.body;
      const texts = Array.from(scope.querySelectorAll('input')).filter(visible)
        .filter((i) => i !== pw && precedes(i, pw) && /^(text|email|tel|)$/i.test(i.getAttribute('type') || ''));
      const user = texts.find((i) => i.autocomplete === 'username') || texts.find((i) => /user|login|mail|name|uid|^u$/i.test(labelOf(i))) || texts[texts.length - 1];
      const buttons = Array.from(scope.querySelectorAll('button, input[type=submit], input[type=image]')).filter(visible)
        .filter((b) => b.tagName !== 'BUTTON' || !b.getAttribute('type') || b.getAttribute('type') === 'submit');
      const submit = buttons.find((b) => W.login.test(textOf(b))) || buttons.find((b) => !precedes(b, pw)) || buttons[0];
      const remember = Array.from(scope.querySelectorAll('input[type=checkbox]')).find((c) => W.remember.test(labelOf(c)));
      const pick = (el) => (el ? { selector: cssFor(el), describe: describe(el) } : null);
      return { password: pick(pw), username: pick(user), submit: pick(submit), remember: pick(remember), inForm: Boolean(pw.form) };
    },
    /** Visible controls whose words (or, for logout, href) say what they do: 'login', 'logout', 'account'. */
    findControls: (kind) => controls().filter((el) => {
      const text = textOf(el);
      if (kind === 'logout') return W.logout.test(text) || W.logoutHref.test(el.getAttribute('href') || '') || W.logoutHref.test(idOf(el));
      return (kind === 'login' ? W.login : W.account).test(text);
    }).map((el) => ({ selector: cssFor(el), describe: describe(el), text: textOf(el).slice(0, 60), visible: visible(el),
      everywhere: W.everywhere.test(textOf(el)) || /everywhere|all/i.test(idOf(el)), href: el.getAttribute('href') }))
      .filter((c) => c.selector !== null),
    /** Visible elements with a name of their own (id, test id) or a heading: what could mark a logged-in page. */
    candidates: () => Array.from(document.querySelectorAll('[id], [data-testid], [data-test], h1, h2')).filter(visible)
      .filter((el) => !/^(HTML|BODY|SCRIPT|STYLE|INPUT|TEXTAREA|SELECT|OPTION|FORM|BUTTON|A|LABEL)$/.test(el.tagName))
      .slice(0, 400).map((el) => ({ selector: cssFor(el), tag: el.tagName.toLowerCase(), text: (el.innerText || '').replace(/\s+/g, ' ').trim().slice(0, 200),
        length: (el.innerText || '').length, named: Boolean(idOf(el) || el.getAttribute('data-testid') || el.getAttribute('data-test')),
        holdsControls: el.querySelector('a, button, input, form') !== null, loggedOutWords: W.loggedOut.test(el.innerText || '') }))
      .filter((c) => c.selector !== null && c.text.length > 0),
    /** Controls that may open a user's menu: pop-up buttons, or a button or link named user/account/avatar/profile/menu. */
    menuOpeners: () => controls().concat(Array.from(document.querySelectorAll('[aria-haspopup], [aria-expanded]'))).filter(visible)
      .filter((el) => el.hasAttribute('aria-haspopup') || el.hasAttribute('aria-expanded') || el.tagName === 'SUMMARY' || /user|account|avatar|profile|menu/i.test(idOf(el) + ' ' + (el.getAttribute('class') || '')))
      .map((el) => cssFor(el)).filter((s) => s !== null),
    /** The nearest named ancestor of a control that shows once a menu is open: the menu's panel. */
    panelOf: (sel) => {
      const el = document.querySelector(sel);
      let node = el ? el.parentElement : null;
      while (node && node !== document.body) {
        if (visible(node) && (idOf(node) || node.getAttribute('role') === 'menu' || node.getAttribute('data-testid'))) { const s = cssFor(node); if (s) return s; }
        node = node.parentElement;
      }
      return sel;
    },
    isVisible: (sel) => { try { return Array.from(document.querySelectorAll(sel)).some(visible); } catch { return false; } },
    visibleText: () => document.body ? document.body.innerText : '',
  };
})()`;

export interface FoundElement {
  selector: string | null;
  /** The element as a short tag, for the target file's comments: <input id="username" name="username" type="text">. */
  describe: string;
}

export interface FoundLogin {
  password: FoundElement;
  username: FoundElement | null;
  submit: FoundElement | null;
  remember: FoundElement | null;
  inForm: boolean;
}

export interface FoundControl {
  selector: string;
  describe: string;
  text: string;
  visible: boolean;
  everywhere: boolean;
  href: string | null;
}

export interface Candidate {
  selector: string;
  tag: string;
  text: string;
  length: number;
  named: boolean;
  holdsControls: boolean;
  loggedOutWords: boolean;
}

async function probe<T>(page: Page, call: string): Promise<T> {
  await page.evaluate(PROBE);
  return (await page.evaluate(`window.__logoutAuditInit.${call}`)) as T;
}

const arg = (value: string): string => JSON.stringify(value);

export const findLogin = (page: Page) => probe<FoundLogin | null>(page, 'findLogin()');
export const findControls = (page: Page, kind: 'login' | 'logout' | 'account') => probe<FoundControl[]>(page, `findControls(${arg(kind)})`);
export const candidates = (page: Page) => probe<Candidate[]>(page, 'candidates()');
export const menuOpeners = (page: Page) => probe<string[]>(page, 'menuOpeners()');
export const panelOf = (page: Page, selector: string) => probe<string>(page, `panelOf(${arg(selector)})`);
export const isVisible = (page: Page, selector: string) => probe<boolean>(page, `isVisible(${arg(selector)})`);
export const visibleText = (page: Page) => probe<string>(page, 'visibleText()');
