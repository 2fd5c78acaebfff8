import { test as base } from '@playwright/test';
import type { DriverSpec } from '../drivers/driver';
import { portalFixtures, type PortalFixtures, type PortalOptions, type PortalWorkerFixtures } from './reference-portal';
import { scenarioRunner, type RunInRound, type RunScenario } from './run-scenario';
import { auditSettings } from './settings';

// The fixture every audit, defect, control and evidence spec runs a scenario with: the project's options
// (browser, backend, target), the reference portal's worker fixtures, and the test's scenario runner. Each job
// is in its own file of audit/; this only puts them together for Playwright Test.

export type { RunInRound, RunOptions, RunScenario } from './run-scenario';

/** Options a Playwright project sets (one project per browser x driver). */
export interface AuditProjectOptions {
  auditBrowser: DriverSpec['browser'];
  auditBackend: DriverSpec['backend'];
  /** A target file to audit (AUDIT_TARGET, the CLI's --target); empty = the embedded reference portal. */
  targetFile: string;
}

interface TestFixtures {
  runScenario: RunScenario;
  runInRound: RunInRound;
  /** The runners of one test, with the disposal of the drivers they made. */
  scenarioRunners: ReturnType<typeof scenarioRunner>;
}

// The portal's defects are a test's option, so one worker runs every defect spec of its project in turn
// (audit/reference-portal.ts says why); browser, backend and target file are the project's, per worker.
const withOptions = base.extend<Pick<PortalOptions, 'portalDefects' | 'portalIdp'>, AuditProjectOptions>({
  auditBrowser: ['chromium', { option: true, scope: 'worker' }],
  auditBackend: ['playwright', { option: true, scope: 'worker' }],
  targetFile: [auditSettings().targetFile, { option: true, scope: 'worker' }],
  portalDefects: [auditSettings().portalDefects, { option: true }],
  portalIdp: [auditSettings().portalIdp, { option: true }],
});

export const test = withOptions.extend<PortalFixtures, PortalWorkerFixtures>(portalFixtures).extend<TestFixtures>({
  scenarioRunners: async ({ targetFor, auditBrowser, auditBackend, portalDefects, portalIdp }, use, testInfo) => {
    const runners = scenarioRunner(testInfo, { targetFor, auditBrowser, auditBackend, portalDefects, portalIdp });
    await use(runners);
    await runners.dispose();
  },
  runScenario: async ({ scenarioRunners }, use) => use(scenarioRunners.runScenario),
  runInRound: async ({ scenarioRunners }, use) => use(scenarioRunners.runInRound),
});

export { expect } from '@playwright/test';
