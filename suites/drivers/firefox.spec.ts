import { expect, test } from '@playwright/test';
import type { BrowserProfile, Persona } from '../../drivers/driver';
import { FirefoxDriver, firefoxPath } from '../../drivers/playwright/playwright-firefox';
import { personas } from '../../drivers/personas';
import { STORED_ON_LOAD, startConformanceSite, type ConformanceSite } from './conformance/site';
import { auditSettings } from '../../audit/settings';

// What only the Firefox driver does; what every driver promises is in conformance/ (project conformance:firefox).
// Its prefs are checked against prefs.js at every launch (FirefoxDriver.verifyPrefs), so every Firefox test
// also proves the preset is the one the browser runs with.

test.skip(firefoxPath(auditSettings().executables) === undefined, 'no Firefox: apt-get install firefox-esr');
test.describe.configure({ mode: 'parallel' });

let site: ConformanceSite;
test.beforeAll(async () => {
  site = await startConformanceSite();
});
test.afterAll(() => site?.close());

async function onTheSite(profile: BrowserProfile, body: (driver: FirefoxDriver) => Promise<void>, persona: Persona = personas.default): Promise<void> {
  const driver = new FirefoxDriver({ backend: 'playwright', browser: 'firefox', profile, persona, executables: auditSettings().executables });
  try {
    await driver.launch();
    await driver.open(site.url);
    await body(driver);
  } finally {
    await driver.dispose();
  }
}

test("the persona's User-Agent reaches the server and the page's own requests", async () => {
  await onTheSite(
    'fresh-default',
    async (driver) => {
      expect(site.lastUserAgent()).toBe(personas.ie11.userAgent);
      expect(await driver.fetchFromPage(site.url)).toMatchObject({ status: 200 });
      expect(site.lastUserAgent()).toBe(personas.ie11.userAgent);
    },
    personas.ie11,
  );
});

test('the storage of another origin is read from a page of its own, which the server never sees', async () => {
  await onTheSite('fresh-default', async (driver) => {
    await driver.open(site.otherSiteUrl);
    await driver.open(site.url);
    const other = await driver.storageOf(site.otherSiteUrl.slice(0, -1));
    expect(other, 'localhost stored its own web storage').toMatchObject({ origin: site.otherSiteUrl.slice(0, -1), localStorage: { [STORED_ON_LOAD.key]: STORED_ON_LOAD.value } });
  });
});

test('after a power cut, the cookies Firefox restores from its recovery file are known before any page sends them', async () => {
  await onTheSite('fresh-default', async (driver) => {
    const since = Date.now() - 1;
    // Firefox writes the recovery file about every 15 s while something changed (measured).
    await expect.poll(() => driver.cookieStoreWrittenSince(since), { timeout: 30_000 }).toBe(true);
    await driver.powerCut();
    const restored = driver.restoredCookies().map((c) => `${c.name}@${c.domain}`);
    // Crash recovery is on by default: the session cookie comes back with the session.
    expect(restored).toContain('session_c@127.0.0.1');
  });
});

test('after a clean quit under browser defaults nothing is restored, so nothing is reported as restored', async () => {
  await onTheSite('fresh-default', async (driver) => {
    await driver.close();
    await driver.relaunch();
    expect(driver.restoredCookies()).toEqual([]);
  });
});
