import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import type { AuditDriver, BrowserProfile, Persona } from '../../drivers/driver';
import { FirefoxDriver, firefoxPath } from '../../drivers/firefox';
import { personas } from '../../drivers/personas';
import { profileProcesses } from '../../drivers/processes';

// What every driver promises (conformance.spec.ts), proven for Firefox against a tiny loopback page that sets
// a session cookie (no Expires/Max-Age) and a persistent one. The results match
// ../shared/findings/browser-persistence.md: a clean quit drops session cookies under Firefox's defaults and
// keeps them under "Restore previous session".

const hasFirefox = firefoxPath() !== undefined;
test.skip(!hasFirefox, 'no Firefox: apt-get install firefox-esr');
// Each test starts Firefox (about 3 s) on its own profile; two at once is what 2 cores carry.
test.describe.configure({ mode: 'parallel' });

let server: http.Server;
let url: string;
let otherUrl: string;
let lastUserAgent: string | undefined;

test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    lastUserAgent = req.headers['user-agent'];
    res.setHeader('Set-Cookie', ['session_c=one; Path=/; HttpOnly', 'persistent_c=two; Path=/; Max-Age=3600']);
    res.setHeader('Content-Type', 'text/html');
    res.end('<title>conformance</title><script>localStorage.setItem("k", "v"); sessionStorage.setItem("s", "t")</script>ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}/`;
  // Another site, as the reference portal's identity provider is: its cookies must be visible too.
  otherUrl = `http://localhost:${port}/`;
});

test.afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

function firefox(profile: BrowserProfile, persona: Persona = personas.default): FirefoxDriver {
  return new FirefoxDriver({ backend: 'playwright', browser: 'firefox', profile, persona });
}

/** A browser on a fresh profile that has loaded the page once; ended and deleted afterwards. */
async function onThePage(profile: BrowserProfile, body: (driver: FirefoxDriver) => Promise<void>, persona?: Persona): Promise<void> {
  const driver = firefox(profile, persona);
  try {
    await driver.launch();
    await driver.open(url);
    await body(driver);
  } finally {
    await driver.dispose();
  }
}

async function cookieNames(driver: AuditDriver): Promise<string[]> {
  return (await driver.cookies()).map((c) => `${c.name}@${c.domain}`).sort();
}

test('a persistent cookie survives close and relaunch; a session cookie does not under Firefox defaults', async () => {
  await onThePage('fresh-default', async (driver) => {
    expect(await cookieNames(driver)).toEqual(['persistent_c@127.0.0.1', 'session_c@127.0.0.1']);
    await driver.close();
    expect(profileProcesses(driver.profileDir), 'a clean quit leaves no process').toEqual([]);
    await driver.relaunch();
    expect(await cookieNames(driver)).toEqual(['persistent_c@127.0.0.1']);
  });
});

test('a session cookie survives close and relaunch under restore-session ("Open previous windows and tabs")', async () => {
  await onThePage('restore-session', async (driver) => {
    await driver.close();
    await driver.relaunch();
    expect(await cookieNames(driver)).toEqual(['persistent_c@127.0.0.1', 'session_c@127.0.0.1']);
  });
});

test('storage snapshots see localStorage and sessionStorage of the open page', async () => {
  await onThePage('fresh-default', async (driver) => {
    const [origin] = (await driver.storage()).origins;
    expect(origin).toMatchObject({ origin: url.slice(0, -1), localStorage: { k: 'v' }, sessionStorage: { s: 't' } });
    expect(await driver.storageOf(otherUrl.slice(0, -1)), 'another origin is read from a page of its own').toMatchObject({
      origin: otherUrl.slice(0, -1),
      localStorage: {},
    });
  });
});

test('cookies of every site are visible, not only the open page\'s', async () => {
  await onThePage('fresh-default', async (driver) => {
    await driver.open(otherUrl);
    expect(await cookieNames(driver)).toEqual([
      'persistent_c@127.0.0.1',
      'persistent_c@localhost',
      'session_c@127.0.0.1',
      'session_c@localhost',
    ]);
  });
});

test("the persona's User-Agent reaches the server and the page", async () => {
  await onThePage(
    'fresh-default',
    async (driver) => {
      expect(lastUserAgent).toBe(personas.ie11.userAgent);
      expect(await driver.fetchFromPage(url)).toMatchObject({ status: 200 });
      expect(lastUserAgent).toBe(personas.ie11.userAgent);
    },
    personas.ie11,
  );
});

test('a reboot ends every process of the profile and starts a new browser on it', async () => {
  await onThePage('fresh-default', async (driver) => {
    const before = profileProcesses(driver.profileDir);
    expect(before.length).toBeGreaterThan(1);
    await driver.reboot();
    const after = profileProcesses(driver.profileDir);
    expect(after.filter((pid) => before.includes(pid)), 'no process of the old browser survives').toEqual([]);
    expect(driver.running).toBe(true);
    expect((await driver.open(url)).status).toBe(200);
  });
});

test('dispose ends every process and deletes the profile, which holds session cookies', async () => {
  const driver = firefox('restore-session');
  await driver.launch();
  await driver.open(url);
  await driver.dispose();
  expect(profileProcesses(driver.profileDir)).toEqual([]);
  expect(existsSync(driver.profileDir)).toBe(false);
  await driver.dispose(); // twice is harmless
});
