import { test as base, expect } from '@playwright/test';
import { auditBrowserById } from '../../../drivers/audit-browsers';
import { createDriver, driverSpecFor } from '../../../drivers';
import { personas } from '../../../drivers/personas';
import {
  cookiesOfEveryOrigin,
  disposeLeavesNothing,
  everyMissingCapabilityIsExplained,
  persistentCookieSurvivesRestart,
  rebootLeavesNoOldProcess,
  typedValuesLandInTheirFields,
  writtenLocalStorageSurvivesPowerCut,
  restartIsRefusedWithoutProfile,
  sessionCookieSurvivesOnlyWithRestoreSession,
  storageSnapshotSeesWhatThePageStored,
  type ConformanceOptions,
  type DriverUnderTest,
  type MakeDriver,
} from './checks';
import { startConformanceSite, type ConformanceSite } from './site';
import { auditSettings } from '../../../audit/settings';

// One spec, every driver: each `conformance:<browser>` project sets `driverUnderTest` (the way Playwright's own
// tests swap backends with an option fixture). A capability the driver declares is proven; one it lacks is
// skipped here with the driver's own reason, exactly as the scenarios needing it are.

interface Fixtures extends ConformanceOptions {
  make: MakeDriver;
  site: ConformanceSite;
}

const test = base.extend<Omit<Fixtures, 'site'>, Pick<Fixtures, 'site'>>({
  driverUnderTest: ['chromium', { option: true }],
  make: async ({ driverUnderTest }, use) => {
    const { backend, browser } = auditBrowserById(driverUnderTest);
    await use((profile) => createDriver(driverSpecFor(backend, browser, profile, personas.default, { executables: auditSettings().executables })) as DriverUnderTest);
  },
  site: [
    async ({}, use) => {
      const site = await startConformanceSite();
      await use(site);
      await site.close();
    },
    { scope: 'worker' },
  ],
});

test.describe.configure({ mode: 'parallel' });

/** Skips the test when the driver lacks the capability, with its reason; returns nothing otherwise. */
function requires(make: MakeDriver, capability: 'persistentProfile' | 'killProcesses' | 'allOriginCookies' | 'cookieStoreObservable'): void {
  const probe = make('fresh-default');
  const { capabilities } = probe;
  void probe.dispose();
  test.skip(!capabilities[capability], `${probe.name} lacks ${capability}: ${capabilities.limits[capability] ?? ''}`);
}

test('a persistent cookie survives close and relaunch; a session cookie does not under browser defaults', async ({ make, site }) => {
  requires(make, 'persistentProfile');
  await persistentCookieSurvivesRestart(make, site);
});

test('a session cookie survives close and relaunch under restore-session', async ({ make, site }) => {
  requires(make, 'persistentProfile');
  await sessionCookieSurvivesOnlyWithRestoreSession(make, site);
});

test('a reboot ends every process of the profile and starts a new browser on it', async ({ make, site }) => {
  requires(make, 'killProcesses');
  await rebootLeavesNoOldProcess(make, site);
});

test('localStorage the driver says is written to disk comes back after a power cut', async ({ make, site }) => {
  requires(make, 'killProcesses');
  requires(make, 'cookieStoreObservable');
  await writtenLocalStorageSurvivesPowerCut(make, site);
});

test('dispose ends every process and deletes the profile', async ({ make, site }) => {
  await disposeLeavesNothing(make, site);
});

test('cookies of both origins (portal and identity provider) are visible', async ({ make, site }) => {
  requires(make, 'allOriginCookies');
  await cookiesOfEveryOrigin(make, site);
});

test('the storage snapshot sees localStorage, sessionStorage, IndexedDB, Cache Storage and service workers the page stored', async ({ make, site }) => {
  await storageSnapshotSeesWhatThePageStored(make, site);
});

test('every missing capability is declared with its reason, and a restart without a profile is refused', async ({ make, site }) => {
  const probe = make('fresh-default');
  everyMissingCapabilityIsExplained(probe.capabilities);
  await probe.dispose();
  if (!probe.capabilities.persistentProfile) await restartIsRefusedWithoutProfile(make, site);
  expect(probe.name).toMatch(/^(playwright|selenium):/);
});

test('typed values land in their own fields, also when the first field has autofocus', async ({ make, site }) => {
  await typedValuesLandInTheirFields(make, site);
});
