import { expect, test } from '@playwright/test';
import type { AuditDriver, StorageSnapshot } from '../../drivers/driver';
import { captureState, imageContentType, memoryEvidence } from '../../evidence/evidence';

// One step's evidence: its parts read side by side, the screenshot with its true content type, and a state or
// screenshot identical to the browser's previous capture stored once, the repeat pointing at it.

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const SESSION_ID = 'sid-0123456789abcdef';
const TOKEN = 'token-0123456789abcdef';

/** A browser on a page; `shows` changes what it shows, `storageGate` holds storage() until released. */
function fakeBrowser(screenshot: Buffer) {
  const shown = { url: 'http://127.0.0.1:1/mina-sidor', screenshot };
  let release: () => void = () => undefined;
  let storageGate: Promise<void> = Promise.resolve();
  const calls: string[] = [];
  const driver = {
    name: 'fake',
    running: true,
    pageState: async () => ({ url: shown.url, status: 200, title: 'Mina sidor' }),
    cookies: async () => [{ name: 'portal.sid', value: SESSION_ID, domain: '127.0.0.1', path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Lax' }],
    storage: async (): Promise<StorageSnapshot> => {
      calls.push('storage started');
      await storageGate;
      calls.push('storage done');
      return { origins: [{ origin: 'http://127.0.0.1:1', localStorage: { 'vp.accessToken': TOKEN }, sessionStorage: {}, indexedDB: [], cacheStorage: [], serviceWorkers: [] }] };
    },
    takeExchanges: async () => [],
    screenshot: async () => {
      calls.push('screenshot');
      return shown.screenshot;
    },
  } as unknown as AuditDriver;
  return {
    driver,
    shown,
    calls,
    holdStorage() {
      storageGate = new Promise((resolve) => (release = resolve));
      return () => release();
    },
  };
}

test('a screenshot is attached as what its bytes are: JPEG or PNG', async () => {
  expect(imageContentType(JPEG)).toBe('image/jpeg');
  expect(imageContentType(PNG)).toBe('image/png');
  for (const [shot, type] of [[JPEG, 'image/jpeg'], [PNG, 'image/png']] as const) {
    const sink = memoryEvidence();
    const types: string[] = [];
    await captureState(fakeBrowser(shot).driver, { ...sink, attach: async (n, b, t) => void types.push(`${n} ${t}`) }, '1. log in');
    expect(types).toContain(`1. log in: screenshot ${type}`);
  }
});

test('the screenshot is taken while storage is still being read, not after it', async () => {
  const browser = fakeBrowser(JPEG);
  const release = browser.holdStorage();
  const capture = captureState(browser.driver, memoryEvidence(), '1. log in');
  await expect.poll(() => browser.calls).toContain('screenshot');
  expect(browser.calls).not.toContain('storage done');
  release();
  await capture;
});

test('a step that changed nothing points at the capture it equals; a change is stored again', async () => {
  const browser = fakeBrowser(JPEG);
  const sink = memoryEvidence();
  await captureState(browser.driver, sink, '4. revisit the protected page');
  await captureState(browser.driver, sink, '5. expect login required');
  browser.shown.url = 'http://127.0.0.1:1/login';
  browser.shown.screenshot = Buffer.concat([JPEG, Buffer.from([9])]);
  await captureState(browser.driver, sink, '6. open the login page');
  const names = sink.attachments.map((a) => a.name);
  expect(names).toEqual([
    '4. revisit the protected page: state',
    '4. revisit the protected page: screenshot',
    '5. expect login required: state unchanged',
    '5. expect login required: screenshot unchanged',
    '6. open the login page: state',
    '6. open the login page: screenshot',
  ]);
  expect(sink.attachments[2]!.body).toBe('the same as "4. revisit the protected page: state"');
  expect(sink.attachments[3]!.body).toBe('the same as "4. revisit the protected page: screenshot"');
});

test('after the browser was not running, the next capture is stored in full', async () => {
  const browser = fakeBrowser(JPEG);
  const sink = memoryEvidence();
  await captureState(browser.driver, sink, '3. log out');
  (browser.driver as { running: boolean }).running = false;
  await captureState(browser.driver, sink, '4. close the browser');
  (browser.driver as { running: boolean }).running = true;
  await captureState(browser.driver, sink, '5. open the browser again');
  expect(sink.attachments.map((a) => a.name).slice(3)).toEqual(['5. open the browser again: state', '5. open the browser again: screenshot']);
});

test('a light capture keeps names, no value and no screenshot, and still learns the cookie values as secrets', async () => {
  const browser = fakeBrowser(JPEG);
  const sink = memoryEvidence();
  await captureState(browser.driver, sink, '3. log out', 'light', ['login required: the login form']);
  expect(browser.calls).not.toContain('screenshot');
  expect(sink.attachments.map((a) => a.name)).toEqual(['3. log out: state']);
  const state = JSON.parse(sink.attachments[0]!.body.toString()) as { cookies: string[]; storage: { localStorage: string[] }[]; seen: string[] };
  expect(state.cookies).toEqual(['portal.sid (127.0.0.1/)']);
  expect(state.storage[0]!.localStorage).toEqual(['vp.accessToken']);
  expect(state.seen).toEqual(['login required: the login form']);
  const text = sink.attachments[0]!.body.toString();
  for (const secret of [SESSION_ID, TOKEN, sink.redactor.value(SESSION_ID), sink.redactor.value(TOKEN)]) expect(text).not.toContain(secret);
  expect(sink.redactor.text(`/?next=${SESSION_ID}`), 'learnt as a secret').not.toContain(SESSION_ID);
});
