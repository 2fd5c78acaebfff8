import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { FoundTarget } from '../../cli/init/found-target';
import { statedIdleTimeout } from '../../cli/init/idle-timeout-text';
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

test('the idle timeout a page states: a duration tied to inactivity or to being logged out, in the five languages', () => {
  expect(statedIdleTimeout('Mina sidor\nDu loggas ut efter 20 minuter utan aktivitet.')).toMatchObject({ seconds: 1200 });
  expect(statedIdleTimeout('For your safety you are signed out after 15 minutes of inactivity.')).toMatchObject({ seconds: 900 });
  expect(statedIdleTimeout('Sie werden nach 30 Minuten Inaktivität abgemeldet.')).toMatchObject({ seconds: 1800 });
  expect(statedIdleTimeout('Vous serez déconnecté après 10 minutes sans activité.')).toMatchObject({ seconds: 600 });
  expect(statedIdleTimeout('La sesión se cierra tras 5 minutos de inactividad.')).toMatchObject({ seconds: 300 });
  // A duration about something else, or one no target may declare, is no idle timeout.
  expect(statedIdleTimeout('Your prescription is ready in 15 minutes. Opening hours 8-17.')).toBeUndefined();
  expect(statedIdleTimeout('You are logged out after 24 hours of inactivity.')).toBeUndefined();
});

test('a second user and a stated idle timeout are written as users[1] and policy.idleTimeoutSeconds, and the file loads', async () => {
  const found: FoundTarget = {
    name: 'portal.example',
    baseUrl: 'https://portal.example',
    usernameEnv: 'A_USER',
    passwordEnv: 'A_PASSWORD',
    secondUser: { usernameEnv: 'B_USER', passwordEnv: 'B_PASSWORD' },
    idleTimeout: { value: 900, how: '/account says: "signed out after 15 minutes of inactivity."' },
    protectedPath: { value: '/account', how: 'where the login landed' },
    loggedIn: { value: { selector: '#greeting' }, how: 'shows after login' },
    loginRequired: { value: { selector: '#password' }, how: 'the password field' },
    login: { username: { value: '#user', how: 'a' }, password: { value: '#password', how: 'b' }, submit: { value: '#go', how: 'c' } },
    logout: { click: { value: '#logout', how: 'd' }, done: { value: { selector: '#bye' }, how: 'e' } },
    missing: [],
    notes: [],
  };
  const source = renderTarget(found, 'logout-audit init https://portal.example');
  expect(source).not.toMatch(/TODO (a second user|idleTimeoutSeconds)/);
  const file = join(mkdtempSync(join(tmpdir(), 'init-file-')), 'two-users.ts');
  writeFileSync(file, source);
  const target = await loadTargetFile(file, { A_USER: 'a', A_PASSWORD: 'pa', B_USER: 'b', B_PASSWORD: 'pb' });
  expect(target.users.map((u) => u.username)).toEqual(['a', 'b']);
  expect(target.policy.idleTimeoutSeconds).toBe(900);
});
