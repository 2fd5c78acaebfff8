import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { FoundTarget } from '../../cli/init/found-target';
import { pickLoggedIn, pickLoggedOut } from '../../cli/init/pick-signals';
import type { Candidate } from '../../cli/init/page-probe';
import { renderTarget } from '../../cli/init/write-target';
import { loadTargetFile } from '../../targets/define-target';

// What `logout-audit init` chooses from what it saw, and the file it writes, without a browser
// (suites/cli/init-check.spec.ts runs it on a live portal).

const el = (selector: string, text: string, more: Partial<Candidate> = {}): Candidate => ({
  selector,
  tag: 'section',
  text,
  length: text.length,
  named: true,
  holdsControls: false,
  loggedOutWords: false,
  ...more,
});

test("the logged-in signal is the user's own: absent for a browser without the login, their name over a page-wide wrapper", () => {
  const view = [
    el('#page', 'Vårdportalen Start Mina sidor Hej Tolvan Journal Logga ut '.repeat(100), { tag: 'div', holdsControls: true }),
    el('#site-name', 'Vårdportalen', { tag: 'strong' }),
    el('#journal', 'Journal: influensa 2025'),
    el('#greeting', 'Hej Tolvan Tolvansson!', { tag: 'p' }),
  ];
  const anonymousSees = new Set(['#site-name']);
  expect(pickLoggedIn(view, anonymousSees, 'tolvan', ['#logout'])?.selector).toBe('#greeting');
  // Without the user's name on the page: a named personal section.
  expect(pickLoggedIn(view.slice(0, 3), anonymousSees, 'nobody', ['#logout'])?.selector).toBe('#journal');
  // Nothing of the user's own: the logout control, said to be a weak sign.
  const fallback = pickLoggedIn([el('#site-name', 'Vårdportalen')], anonymousSees, 'tolvan', ['#logout']);
  expect(fallback).toMatchObject({ selector: '#logout' });
  expect(fallback?.why).toContain('TODO');
});

test('the logout confirmation: "logged out" words first, then the login form, then a URL of its own', () => {
  const loggedIn = new Set(['#greeting']);
  const words = [el('#logged-out', 'Du är nu utloggad', { tag: 'h1', loggedOutWords: true })];
  expect(pickLoggedOut(words, loggedIn, '#password', null, '/utloggad', '/mina-sidor')?.signal).toEqual({ selector: '#logged-out' });
  expect(pickLoggedOut([], loggedIn, '#password', null, '/login', '/mina-sidor')?.signal).toEqual({ selector: '#password' });
  expect(pickLoggedOut([], loggedIn, null, null, '/bye.html', '/mina-sidor')?.signal).toEqual({ urlPattern: '/bye\\.html(\\?|$)' });
  expect(pickLoggedOut([], loggedIn, null, null, '/mina-sidor', '/mina-sidor')).toBeUndefined();
});

test('a field init could not find is a TODO line, and loading the file names that field', async () => {
  const found: FoundTarget = {
    name: 'portal.example',
    baseUrl: 'https://portal.example',
    usernameEnv: 'PORTAL_USER',
    passwordEnv: 'PORTAL_PASSWORD',
    protectedPath: { value: '/account', how: 'where the login landed' },
    loggedIn: { value: { selector: '#greeting' }, how: 'shows after login' },
    loginRequired: { value: { selector: '#password' }, how: 'the password field' },
    login: { username: { value: '#user', how: 'a' }, password: { value: '#password', how: 'b' }, submit: { value: "button[name='go']", how: 'c' } },
    logout: { done: { value: { selector: '#bye' }, how: 'd' } },
    missing: [{ field: 'logout.click', why: 'no link or button with a logout word on /account' }],
    notes: [],
  };
  const source = renderTarget(found, 'logout-audit init https://portal.example');
  expect(source).toContain('// TODO logout.click: no link or button with a logout word on /account');
  expect(source).toContain(`submit: 'button[name=\\'go\\']'`);
  expect(source).toContain("usernameEnv: 'PORTAL_USER'");
  const dir = mkdtempSync(join(tmpdir(), 'init-file-'));
  const file = join(dir, 'portal.ts');
  writeFileSync(file, source);
  await expect(loadTargetFile(file, { PORTAL_USER: 'u', PORTAL_PASSWORD: 'p' })).rejects.toThrow(/logout\.click: a CSS selector/);
  // Filled in, it loads (another file: a module is imported once).
  const filled = join(dir, 'filled.ts');
  writeFileSync(filled, source.replace("click: '',", "click: '#logout',"));
  await expect(loadTargetFile(filled, { PORTAL_USER: 'u', PORTAL_PASSWORD: 'p' })).resolves.toMatchObject({ logout: { click: '#logout' }, protectedPaths: ['/account'] });
});
