import { expect, test } from '@playwright/test';
import { MemoryDriver } from './memory/memory-driver';
import { MemoryPortal, type MemoryRequest, type MemoryResponse } from './memory/memory-portal';
import { pageKindOf, recognisePage } from '../../../scenarios/steps/page-kind';
import { parseTarget } from '../../../targets/target';
import { BASE_URL, explain, modelTarget, playOnModel, users } from './model';

// A visit is judged once the page has settled, and personal data seen at any moment of it is a finding
// (ARCHITECTURE.md 3, "Settled page"). A single-page app can show its login form first and the records when
// its data call returns, or its cached records first and then the login form; the first signal decides nothing.

/**
 * After a logout, the protected page changes while it is watched: 'form-then-data' is a shell that shows its
 * login form at once (its client thinks the user left) and the records once the data call the logout did not
 * end returns; 'data-then-form' shows the records it kept from before and then the login form its refused data
 * call sends it to.
 */
class SpaShellPortal extends MemoryPortal {
  private loggedOut = false;
  private kept: MemoryResponse['page'];

  constructor(private readonly shows: 'form-then-data' | 'data-then-form' | 'form-only') {
    // The first keeps the server session at logout (its data call still works); the others end it.
    super(users, shows === 'form-then-data' ? { logoutCosmetic: true } : {});
  }

  override handle(request: MemoryRequest): MemoryResponse {
    if (request.method === 'POST' && request.path === '/logout') this.loggedOut = true;
    const response = super.handle(request);
    if (request.path !== '/mina-sidor') return response;
    if (!this.loggedOut) {
      this.kept = response.page;
      return response;
    }
    const form = super.handle({ ...request, method: 'GET', path: '/login' }).page!;
    if (this.shows === 'form-then-data') return { ...response, page: { ...form, later: response.page! } };
    return { status: 200, headers: { 'content-type': 'text/html', 'cache-control': 'no-store' }, setCookies: [], page: this.shows === 'data-then-form' ? { ...this.kept!, later: form } : form };
  }
}

test('personal data shown after the login form is a finding of logout-revisit, not a pass', async () => {
  const { result } = await playOnModel('logout-revisit', { portal: new SpaShellPortal('form-then-data') });
  expect(result.verdict, explain(result)).toBe('failed');
  expect(result.findings.map((f) => f.code)).toEqual(['LOGIN_NOT_REQUIRED_AFTER_LOGOUT']);
});

test('personal data shown before the login form is a finding too: it was on screen', async () => {
  const { result } = await playOnModel('logout-revisit', { portal: new SpaShellPortal('data-then-form') });
  expect(result.verdict, explain(result)).toBe('failed');
  expect(result.findings.map((f) => f.code)).toEqual(['LOGIN_NOT_REQUIRED_AFTER_LOGOUT']);
});

test('a shell that shows only its login form after logout passes', async () => {
  const { result } = await playOnModel('logout-revisit', { portal: new SpaShellPortal('form-only') });
  expect(result.verdict, explain(result)).toBe('passed');
});

test('recognisePage reads what the page settled on, with every signal seen on the way', async () => {
  const target = parseTarget(modelTarget, 'the model target');
  const portal = new SpaShellPortal('form-then-data');
  const driver = new MemoryDriver(portal, BASE_URL);
  await driver.launch();
  await driver.open(`${BASE_URL}/login`);
  await driver.fill('#username', users[0]!.username);
  await driver.fill('#password', users[0]!.password);
  await driver.click('#login');
  await driver.click('#logout');
  await driver.open(`${BASE_URL}/mina-sidor`);
  const signals = { 'logged-in': { selector: '[data-testid=personal-data]' }, 'login-required': { selector: '#password' } };
  expect(await driver.waitForAny(signals, 0), 'the first look shows the form').toBe('login-required');
  expect(await recognisePage(driver, target)).toBe('logged-in');
  expect(await driver.observe(signals, { quietMs: 0, maxMs: 0 }), 'the page stays as it settled').toEqual({ seen: ['logged-in'], last: 'logged-in', settled: true });
});

test('a page that never settled is judged fail-closed from the whole observation', () => {
  const unsettled = (seen: string[], last: string | null) => pageKindOf({ seen, last, settled: false });
  expect(unsettled(['login-required', 'logged-in'], 'login-required')).toBe('logged-in');
  expect(unsettled(['logged-in'], null)).toBe('logged-in');
  expect(unsettled(['login-required'], 'login-required')).toBe('login-required');
  // A form that came and went says nothing about what the page turned into.
  expect(unsettled(['login-required'], null)).toBeNull();
  expect(unsettled([], null)).toBeNull();
});
