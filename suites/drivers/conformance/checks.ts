import { existsSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { AuditDriver, BrowserProfile, DriverCapabilities } from '../../../drivers/driver';
import { profileProcesses } from '../../../drivers/profile/processes';
import { STORED_ON_LOAD, type ConformanceSite } from './site';

// What every driver promises, one check per declared capability. Written as plain functions of a driver
// factory so the same checks run against every real driver (conformance.spec.ts) and against drivers that
// fake a capability (conformance-teeth.spec.ts), where each must fail: a check that passes a fake proves
// nothing.

/** The option a `conformance:<browser>` project sets: an audit browser id (drivers/audit-browsers.ts). */
export interface ConformanceOptions {
  driverUnderTest: string;
}

export type DriverUnderTest = AuditDriver & { readonly profileDir?: string };
export type MakeDriver = (profile: BrowserProfile) => DriverUnderTest;

const STORED_SIGNAL = { stored: { selector: '#stored' } };

/** A browser on a fresh profile that has loaded the site and stored everything it could; always disposed. */
export async function onTheSite(make: MakeDriver, profile: BrowserProfile, site: ConformanceSite, body: (driver: DriverUnderTest, stored: string[]) => Promise<void>): Promise<void> {
  const driver = make(profile);
  try {
    await driver.launch();
    await driver.open(site.url);
    expect(await driver.waitForAny(STORED_SIGNAL, 15_000), 'the page finished storing').toBe('stored');
    const stored = ((await driver.attribute('#stored', 'data-stored')) ?? '').split(',').filter(Boolean);
    await body(driver, stored);
  } finally {
    await driver.dispose();
  }
}

async function cookieNames(driver: AuditDriver): Promise<string[]> {
  return (await driver.cookies()).map((c) => `${c.name}@${c.domain}`).sort();
}

function processesOf(driver: DriverUnderTest): number[] {
  if (!driver.profileDir) throw new Error(`${driver.name} does not say where its profile is: its processes cannot be checked`);
  return profileProcesses(driver.profileDir);
}

/** persistentProfile: the persistent cookie is back after close + relaunch; under browser defaults the session cookie is not. */
export async function persistentCookieSurvivesRestart(make: MakeDriver, site: ConformanceSite): Promise<void> {
  await onTheSite(make, 'fresh-default', site, async (driver) => {
    expect(await cookieNames(driver)).toEqual(['persistent_c@127.0.0.1', 'session_c@127.0.0.1']);
    await driver.close();
    if (driver.profileDir) expect(processesOf(driver), 'a clean close leaves no process').toEqual([]);
    await driver.relaunch();
    // The negative control: with the browser's own defaults a session cookie ends with the browser.
    expect(await cookieNames(driver)).toEqual(['persistent_c@127.0.0.1']);
  });
}

/** The restore-session preset really is "continue where you left off": the session cookie is back too. */
export async function sessionCookieSurvivesOnlyWithRestoreSession(make: MakeDriver, site: ConformanceSite): Promise<void> {
  await onTheSite(make, 'restore-session', site, async (driver) => {
    await driver.close();
    await driver.relaunch();
    expect(await cookieNames(driver)).toEqual(['persistent_c@127.0.0.1', 'session_c@127.0.0.1']);
  });
}

/** killProcesses: a reboot ends every process of the old browser and leaves a new one running on the profile. */
export async function rebootLeavesNoOldProcess(make: MakeDriver, site: ConformanceSite): Promise<void> {
  await onTheSite(make, 'fresh-default', site, async (driver) => {
    const before = processesOf(driver);
    expect(before.length, 'the running browser has processes holding its profile').toBeGreaterThan(0);
    await driver.reboot();
    expect(processesOf(driver).filter((pid) => before.includes(pid)), 'no process of the old browser survives').toEqual([]);
    expect(driver.running).toBe(true);
    expect((await driver.open(site.url)).url, 'the new browser works').toBe(site.url);
  });
}

/** dispose ends every process and deletes the profile (it holds session cookies); twice is harmless. */
export async function disposeLeavesNothing(make: MakeDriver, site: ConformanceSite): Promise<void> {
  const driver = make('restore-session');
  await driver.launch();
  await driver.open(site.url);
  await driver.dispose();
  if (driver.profileDir) {
    expect(profileProcesses(driver.profileDir), 'no process holds the profile').toEqual([]);
    expect(existsSync(driver.profileDir), 'the profile dir is gone').toBe(false);
  }
  await driver.dispose();
}

/** allOriginCookies: the identity provider's cookies are visible while the portal's page is open. */
export async function cookiesOfEveryOrigin(make: MakeDriver, site: ConformanceSite): Promise<void> {
  await onTheSite(make, 'fresh-default', site, async (driver) => {
    await driver.open(site.otherSiteUrl);
    await driver.open(site.url);
    expect(await cookieNames(driver)).toEqual(['persistent_c@127.0.0.1', 'persistent_c@localhost', 'session_c@127.0.0.1', 'session_c@localhost']);
  });
}

/** The storage snapshot sees everything the page managed to store (and the page stores at least web storage). */
export async function storageSnapshotSeesWhatThePageStored(make: MakeDriver, site: ConformanceSite): Promise<void> {
  await onTheSite(make, 'fresh-default', site, async (driver, stored) => {
    expect(stored, 'any browser stores web storage').toEqual(expect.arrayContaining(['localStorage', 'sessionStorage']));
    test.info().annotations.push({ type: 'stored by the page', description: stored.join(', ') });
    const origin = (await driver.storage()).origins.find((o) => o.origin === site.url.slice(0, -1));
    expect(origin, 'the open page\'s origin is in the snapshot').toBeDefined();
    const seen = {
      localStorage: origin?.localStorage[STORED_ON_LOAD.key] === STORED_ON_LOAD.value,
      sessionStorage: origin?.sessionStorage.s === 't',
      indexedDB: origin?.indexedDB.includes('conformance-db') ?? false,
      cacheStorage: origin?.cacheStorage.includes('conformance-cache') ?? false,
      serviceWorkers: (origin?.serviceWorkers.length ?? 0) > 0,
    };
    for (const kind of stored) expect(seen[kind as keyof typeof seen], `the snapshot sees the page's ${kind}`).toBe(true);
  });
}

/**
 * cookieStoreObservable, for localStorage: once the driver says the browser wrote it, a power cut brings back
 * what was set before. What the power-cut scenario's wait relies on (scenarios/steps/browser.ts).
 */
export async function writtenLocalStorageSurvivesPowerCut(make: MakeDriver, site: ConformanceSite): Promise<void> {
  await onTheSite(make, 'fresh-default', site, async (driver) => {
    const since = Date.now();
    const value = `set-${since}`;
    await driver.setLocalStorage('conformance-written', value);
    await expect.poll(() => driver.webStorageWrittenSince(since, value), { message: 'the browser writes localStorage to disk', timeout: 30_000 }).toBe(true);
    await driver.powerCut();
    await driver.open(site.url);
    const origin = (await driver.storage()).origins.find((o) => o.origin === site.url.slice(0, -1));
    expect(origin?.localStorage['conformance-written'], 'what was on disk comes back after the power cut').toBe(value);
  });
}

/** Every capability a driver lacks says why (the reason scenarios are skipped with). */
export function everyMissingCapabilityIsExplained(capabilities: DriverCapabilities): void {
  const missing = (Object.keys(capabilities) as (keyof DriverCapabilities)[]).filter((k) => k !== 'limits' && capabilities[k] === false);
  for (const capability of missing) {
    expect(capabilities.limits[capability as Exclude<keyof DriverCapabilities, 'limits'>], `why ${capability} is missing`).toMatch(/\w{3,}/);
  }
}

/** Without a persistent profile, a restart is refused rather than faked with a fresh browser. */
export async function restartIsRefusedWithoutProfile(make: MakeDriver, site: ConformanceSite): Promise<void> {
  await onTheSite(make, 'fresh-default', site, async (driver) => {
    await expect(driver.close().then(() => driver.relaunch())).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
  });
}

/**
 * Typing: each value lands in its own field, also when the first field has `autofocus` (measured: WebKitGTK put
 * the end of the password before the user name in 5 of 10 logins while it typed before the page's autofocus
 * ran). Several rounds, because it went wrong only sometimes.
 */
export async function typedValuesLandInTheirFields(make: MakeDriver, site: ConformanceSite, rounds = 5): Promise<void> {
  const driver = make('fresh-default');
  try {
    await driver.launch();
    for (let round = 1; round <= rounds; round++) {
      await driver.open(new URL('/form', site.url).href);
      await driver.fill('#username', 'tolvan');
      await driver.fill('#password', 'Tolvan-Vardguide-2026!');
      const typed = { username: await driver.attribute('#echo', 'data-username'), password: await driver.attribute('#echo', 'data-password') };
      expect(typed, `round ${round}: what each field holds`).toEqual({ username: 'tolvan', password: 'Tolvan-Vardguide-2026!' });
    }
  } finally {
    await driver.dispose();
  }
}
