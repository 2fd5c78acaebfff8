import { expect, test } from '@playwright/test';
import { scenarioRunner } from '../../audit/run-scenario';
import { capabilitiesOf, createDriver, driverSpecFor } from '../../drivers';
import { auditBrowsers } from '../../drivers/audit-browsers';
import type { DriverMachine } from '../../drivers/driver';
import { personas } from '../../drivers/personas';
import { scenarioById } from '../../scenarios/catalogue';
import { parseTarget } from '../../targets/target';

// One record per browser (drivers/<engine>/browsers/<id>.ts), listed by the composition root: what a record says
// its driver can do is what that driver declares, so the audit decides a run's skip from the record, before any
// driver is made or browser started (audit/run-scenario.ts).

const GRID = 'http://grid-hub.example.internal:4444';

/** Where each browser can run: IE on a grid only, Selenium's Chromium here and on a grid, the others here. */
function machinesOf(id: string, gridOnly: boolean): DriverMachine[] {
  if (gridOnly) return [{ gridUrl: GRID }];
  return id === 'selenium-chromium' ? [{}, { gridUrl: GRID }] : [{}];
}

test("each browser's record says what its driver declares, before the driver is made", async () => {
  for (const record of auditBrowsers()) {
    for (const machine of machinesOf(record.id, record.gridOnly === true)) {
      const spec = driverSpecFor(record.backend, record.browser, 'fresh-default', personas.default, machine);
      const driver = createDriver(spec); // not launched: no browser starts
      try {
        expect(capabilitiesOf(spec), `${record.id} ${machine.gridUrl ? 'on a grid' : 'here'}`).toEqual(driver.capabilities);
        expect(driver.browser).toBe(record.browser);
      } finally {
        await driver.dispose();
      }
    }
  }
});

test('a backend without a record for a browser is refused with the ids that drive it', () => {
  expect(() => driverSpecFor('selenium', 'firefox', 'fresh-default', personas.default)).toThrow('the selenium backend has no firefox here: use --browsers firefox');
  expect(() => driverSpecFor('playwright', 'webkitgtk', 'fresh-default', personas.default)).toThrow('the playwright backend has no webkitgtk here: use --browsers webkit');
});

// A run that is skipped never reaches the portal: any valid target will do.
const target = parseTarget({
  name: 't', baseUrl: 'http://127.0.0.1:9', protectedPaths: ['/p'], policy: {},
  loggedIn: { selector: '#data' }, loginRequired: { selector: '#password' },
  login: { username: '#u', password: '#p', submit: '#s' }, logout: { click: '#out', done: { selector: '#bye' } },
  users: [{ id: 'u', username: 'u', password: 'password-1' }],
});

test('a scenario needing a capability the browser lacks is skipped with the reason, and no driver is made', async ({}, testInfo) => {
  // WebKitGTK's automation sessions keep no profile (its record says so): a restart scenario cannot run there.
  const runner = scenarioRunner(testInfo, { auditBrowser: 'webkitgtk', auditBackend: 'selenium', portalDefects: [], portalIdp: 'oidc', targetFor: async () => target });
  const madeDriver = () => {
    throw new Error('a driver was made for a run its browser record rules out');
  };
  try {
    for (const preset of ['fresh-default', 'restore-session'] as const) {
      const result = await runner.runScenario(scenarioById('logout-close-relaunch'), { preset, persona: 'default', wrapDriver: madeDriver });
      expect(result).toMatchObject({ verdict: 'skipped', code: 'CAPABILITY_MISSING', driver: 'selenium:webkitgtk', preset });
      expect(result.reason).toMatch(/^logout-close-relaunch needs persistentProfile: WebKitWebDriver needs MiniBrowser in --automation mode/);
    }
    // restore-session needs a profile too, whatever the scenario requires.
    const inSession = await runner.runScenario(scenarioById('logout-revisit'), { preset: 'restore-session', persona: 'default', wrapDriver: madeDriver });
    expect(inSession).toMatchObject({ verdict: 'skipped', code: 'CAPABILITY_MISSING' });
    expect(inSession.reason).toMatch(/^restore-session needs persistentProfile: /);
  } finally {
    await runner.dispose();
  }
});
