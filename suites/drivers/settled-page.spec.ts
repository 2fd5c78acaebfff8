import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { PlaywrightChromiumDriver } from '../../drivers/playwright/playwright-chromium';
import { personas } from '../../drivers/personas';
import { auditSettings } from '../../audit/settings';
import { QUIET_MS, SETTLE_MS } from '../../scenarios/steps/page-kind';

// observe() on real Chromium: a page is read once it has settled, with every signal it showed on the way. The
// server answers the pages' data calls 1.5 s late, as a slow API does; the request in flight is what keeps the
// page from counting as settled, so no timing of this machine decides the outcome.

const LATE_MS = 1500;
const FORM = '<form id="signin"><input id="pass" type="password"></form>';
const page = (script: string) => `<!doctype html><title>shell</title><div id="app">${FORM}</div><script>${script}</script>`;
const pages: Record<string, string> = {
  // The login form at once, the records when the data call returns.
  '/late': page(`fetch('/data').then((r) => r.json()).then((d) => { document.getElementById('app').innerHTML = '<div id="records">' + d.records + '</div>'; });`),
  // The same shell whose data call is refused: the form stays.
  '/refused': page(`fetch('/refused-data').then((r) => { if (r.ok) document.getElementById('app').innerHTML = '<div id="records">?</div>'; });`),
  // The form, and a counter that never stops changing: the page never settles.
  '/restless': page(`const c = document.body.appendChild(document.createElement('p')); let n = 0; setInterval(() => { c.textContent = String(n++); }, 100);`),
};

let server: Server;
let base = '';
test.beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/data' || path === '/refused-data') {
      setTimeout(() => {
        res.writeHead(path === '/data' ? 200 : 401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ records: '2026-10-02 Blood pressure 120/80' }));
      }, LATE_MS);
      return;
    }
    res.writeHead(pages[path] ? 200 : 404, { 'content-type': 'text/html' });
    res.end(pages[path] ?? 'not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => {
  server.close(() => resolve());
  server.closeAllConnections();
}));

const signals = { 'logged-in': { selector: '#records' }, 'login-required': { selector: '#pass' } };
const window = { quietMs: QUIET_MS, maxMs: SETTLE_MS };

test('observe waits for the data call and sees the records that came after the login form', async () => {
  const driver = new PlaywrightChromiumDriver({ backend: 'playwright', browser: 'chromium', profile: 'fresh-default', persona: personas.default, executables: auditSettings().executables });
  try {
    await driver.launch();
    await driver.open(`${base}/late`);
    expect(await driver.waitForAny(signals, SETTLE_MS), 'the first signal is the form: the old question').toBe('login-required');
    await driver.open(`${base}/late`);
    expect(await driver.observe(signals, window)).toEqual({ seen: ['login-required', 'logged-in'], last: 'logged-in', settled: true });

    await driver.open(`${base}/late`);
    expect(await driver.observe(signals, { ...window, endOn: 'logged-in' }), 'the records decide: no quiet window after them').toEqual({ seen: ['login-required', 'logged-in'], last: 'logged-in', settled: false });

    await driver.open(`${base}/refused`);
    expect(await driver.observe(signals, window), 'a refused data call leaves the form').toEqual({ seen: ['login-required'], last: 'login-required', settled: true });
  } finally {
    await driver.dispose();
  }
});

test('a page that never stops changing is judged at the bound from what it showed, not called settled', async () => {
  const driver = new PlaywrightChromiumDriver({ backend: 'playwright', browser: 'chromium', profile: 'fresh-default', persona: personas.default, executables: auditSettings().executables });
  try {
    await driver.launch();
    await driver.open(`${base}/restless`);
    expect(await driver.observe(signals, { quietMs: QUIET_MS, maxMs: 3000 })).toEqual({ seen: ['login-required'], last: 'login-required', settled: false });
  } finally {
    await driver.dispose();
  }
});
