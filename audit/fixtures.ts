import { test as base } from '@playwright/test';
import type { DriverSpec } from '../drivers/driver';
import { portalFixtures, type PortalFixtures, type PortalOptions, type PortalWorkerFixtures } from './reference-portal';
import { scenarioRunner, type RunScenario } from './run-scenario';
import { auditSettings } from './settings';

// The fixture every audit, defect, control and evidence spec runs a scenario with: the project's options
// (browser, backend, target), the reference portal's worker fixtures, and the test's scenario runner. Each job
// is in its own file of audit/; this only puts them together for Playwright Test.

export type { RunOptions, RunScenario } from './run-scenario';

/** Options a Playwright project sets (one project per browser x driver). */
export interface AuditProjectOptions {
  auditBrowser: DriverSpec['browser'];
  auditBackend: DriverSpec['backend'];
  /** A target file to audit (AUDIT_TARGET, the CLI's --target); empty = the embedded reference portal. */
  targetFile: string;
}

interface TestFixtures {
  runScenario: RunScenario;
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
  runScenario: async ({ targetFor, auditBrowser, auditBackend, portalDefects }, use, testInfo) => {
    const runner = scenarioRunner(testInfo, { targetFor, auditBrowser, auditBackend, portalDefects });
    await use(runner.runScenario);
    await runner.dispose();
  },
});

export { expect } from '@playwright/test';
