import { expect, test } from '@playwright/test';
import { createRedactor } from '../../evidence/redact';

// Each test has a Redactor of its own, as each run has: what one learnt is no other's to know.

test('a redacted value is a short stable hash, different for different values', () => {
  const { value: redactValue } = createRedactor();
  expect(redactValue('s3cret-session-id')).toMatch(/^h:[0-9a-f]{12}$/);
  expect(redactValue('s3cret-session-id')).toBe(redactValue('s3cret-session-id'));
  expect(redactValue('other')).not.toBe(redactValue('s3cret-session-id'));
});

test('token-bearing URL parameters are masked, others kept', () => {
  const { text: redactText } = createRedactor();
  const url = 'http://localhost:1/session/end?id_token_hint=eyJhbGciOi.abc.def&post_logout_redirect_uri=http%3A%2F%2Fx&client_id=portal';
  const out = redactText(url);
  expect(out).not.toContain('eyJhbGciOi');
  expect(out).toContain('client_id=portal');
  expect(redactText('http://127.0.0.1:2/callback?code=AbC123xyz&state=st4te&iss=x')).not.toMatch(/AbC123xyz|st4te/);
});

test('registered secrets vanish from any text', () => {
  const { register: registerSecret, text: redactText } = createRedactor();
  registerSecret('tolvan-Vardguide-2026!');
  expect(redactText('fill #password with tolvan-Vardguide-2026! failed')).toBe('fill #password with •••••• failed');
});

test('cookie values, Set-Cookie values and storage values never survive redaction', () => {
  const { cookies: redactCookies, setCookie: redactSetCookie, storage: redactStorage, exchange: redactExchange } = createRedactor();
  const [cookie] = redactCookies([{ name: 'portal.sid', value: 'raw-sid-value', domain: '127.0.0.1', path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Lax' }]);
  expect(cookie).toMatchObject({ name: 'portal.sid', persistent: false, httpOnly: true });
  expect(JSON.stringify(cookie)).not.toContain('raw-sid-value');
  expect(redactSetCookie('_session=raw-idp-session; path=/; expires=Wed, 01 Jan 2031 00:00:00 GMT; httponly')).toMatch(
    /^_session=h:[0-9a-f]{12}; path=\/; expires=Wed, 01 Jan 2031 00:00:00 GMT; httponly$/,
  );
  const storage = redactStorage({ origins: [{ origin: 'o', localStorage: { token: 'raw-token' }, sessionStorage: { s: 'raw-s' }, indexedDB: [], cacheStorage: [], serviceWorkers: [] }] });
  expect(JSON.stringify(storage)).not.toMatch(/raw-token|raw-s"/);
  const exchange = redactExchange({
    method: 'GET', url: 'http://127.0.0.1/cb?code=raw-code', status: 302, resourceType: 'document', requestCookieNames: ['a'],
    responseHeaders: { location: 'http://localhost/x?id_token_hint=raw-hint' }, setCookies: ['a=raw-a; Path=/'],
  });
  expect(JSON.stringify(exchange)).not.toMatch(/raw-code|raw-hint|raw-a/);
});

test('a registered password with a quote or backslash is masked inside JSON too', () => {
  const { register: registerSecret, text: redactText } = createRedactor();
  registerSecret('pass"word\\2026');
  expect(redactText(JSON.stringify({ typed: 'pass"word\\2026' }))).toBe('{"typed":"••••••"}');
});

test('an error on its way to Playwright is redacted in message, stack and cause, and stays the same error', () => {
  const { register: registerSecret, error: redactError, value: redactValue } = createRedactor();
  registerSecret('interaction-id-raw-1234', 'hash');
  const cause = new Error('at http://localhost/interaction/interaction-id-raw-1234');
  const error = new TypeError('no element at http://localhost/interaction/interaction-id-raw-1234', { cause });
  expect(redactError(error)).toBe(error);
  expect(error).toBeInstanceOf(TypeError);
  expect(`${error.message}\n${error.stack}\n${cause.message}\n${cause.stack}`).not.toContain('interaction-id-raw-1234');
  expect(error.message).toContain(`/interaction/${redactValue('interaction-id-raw-1234')}`);
});

test('two Redactors do not share secrets: what one run learnt, another neither masks nor knows', () => {
  const first = createRedactor();
  const second = createRedactor();
  first.register('first-run-password-2026');
  first.cookies([{ name: 'portal.sid', value: 'first-run-sid-value', domain: '127.0.0.1', path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Lax' }]);
  second.register('second-run-password-2026');
  const line = 'typed first-run-password-2026 and second-run-password-2026 at /s/first-run-sid-value';
  expect(first.text(line)).toBe(`typed •••••• and second-run-password-2026 at /s/${first.value('first-run-sid-value')}`);
  expect(second.text(line)).toBe('typed first-run-password-2026 and •••••• at /s/first-run-sid-value');
  // A new run knows nothing, and the pattern masks still hold for it.
  expect(createRedactor().text(`${line}?code=raw-code-1`)).toBe(`${line}?code=${first.value('raw-code-1')}`);
});

test('the hash names a value the same in every Redactor of a run, and differently under another key', () => {
  expect(createRedactor().value('s3cret-session-id')).toBe(createRedactor().value('s3cret-session-id'));
  expect(createRedactor('another-run-key').value('s3cret-session-id')).not.toBe(createRedactor().value('s3cret-session-id'));
});

// A password a portal reflects reaches evidence in whatever encoding the portal wrote it in (issue 31): each
// spelling gets its test, since each was once readable in a report.
test.describe('a registered password is masked in every spelling it can take', () => {
  const password = "Tolvan's pw/2026 &more!";
  const spellings: Record<string, string> = {
    raw: password,
    'percent (%20)': encodeURIComponent(password),
    'percent, lower-case hex': encodeURIComponent(password).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    'form (+ and %21)': new URLSearchParams({ p: password }).toString().slice(2),
    'HTML entities (&#39;)': password.replace(/&/g, '&amp;').replace(/'/g, '&#39;'),
    'HTML entities (&#x27;)': password.replace(/&/g, '&amp;').replace(/'/g, '&#x27;'),
    'JSON escapes': JSON.stringify({ p: password }).slice(6, -2),
    'base64 (a Basic credential)': Buffer.from(`tolvan:${password}`).toString('base64'),
    'base64url of an attachment': Buffer.from(`{"password":"${password}"}`).toString('base64url'),
  };
  for (const [name, spelling] of Object.entries(spellings)) {
    test(name, () => {
      const { register, text } = createRedactor();
      register(password);
      const out = text(`Location: http://127.0.0.1/welcome?echo=${spelling}&x=1`);
      expect(out).toContain('http://127.0.0.1/welcome?echo=');
      // Base64 is checked by a stretch that encodes only password bytes (the prefix's characters stay readable).
      const core = name.startsWith('base64') ? spelling.slice(20, 32) : spelling;
      expect(out).not.toContain(core);
    });
  }
});

test('a short password is masked where it stands as a word, and not inside other words', () => {
  const { register, text } = createRedactor();
  register('ab1');
  expect(text('http://127.0.0.1/x?user=t&pw=ab1&n=1 title: Welcome ab1')).toBe('http://127.0.0.1/x?user=t&pw=••••••&n=1 title: Welcome ••••••');
  expect(text('tab1 cab12')).toBe('tab1 cab12');
  const short = createRedactor();
  short.register('a b!');
  expect(short.text('?pw=a+b%21&')).toBe('?pw=••••••&');
});

test('a short cookie value (a flag) is not masked: it would mangle every text and protect nothing', () => {
  const { register, text } = createRedactor();
  register('yes', 'hash');
  expect(text('cookies enabled: yes')).toBe('cookies enabled: yes');
});
