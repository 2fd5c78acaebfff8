import { test as base } from '@playwright/test';
import * as allure from 'allure-js-commons';
import { createDriver, driverName, driverSpecFor, impossibleRun } from '../drivers';
import type { AuditDriver, BrowserProfile, DriverSpec } from '../drivers/driver';
import { engineOf, personaById } from '../drivers/personas';
import { parseDefects, type DefectId } from '../portal/defects';
import { startPortal, type RunningPortal } from '../portal/start';
import { playwrightEvidence } from '../reports/playwright-evidence';
import { referenceUrl } from '../reports/references';
import { play, type ScenarioDefinition } from '../scenarios/scenario';
import type { ScenarioResult } from '../scenarios/verdict';
import { loadTargetFile } from '../targets/define-target';
import { referenceTarget } from '../targets/reference';
import type { Target } from '../targets/target';

export interface RunOptions {
  preset: BrowserProfile;
  persona: string;
}

export type RunScenario = (definition: ScenarioDefinition, options: RunOptions) => Promise<ScenarioResult>;

/** Options a Playwright project sets (one project per browser x driver). */
export interface AuditProjectOptions {
  auditBrowser: DriverSpec['browser'];
  auditBackend: DriverSpec['backend'];
  /** A target file to audit (AUDIT_TARGET, the CLI's --target); empty = the embedded reference portal. */
  targetFile: string;
}

interface WorkerFixtures extends AuditProjectOptions {
  /** Defects the embedded reference portal starts with; the audit CLI passes them in AUDIT_PORTAL_DEFECTS. */
  portalDefects: DefectId[];
  /** One reference portal per worker, on ephemeral ports, so workers never share sessions; none for a target file. */
  portal: RunningPortal | undefined;
  target: Target;
}

interface TestFixtures {
  runScenario: RunScenario;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  auditBrowser: ['chromium', { option: true, scope: 'worker' }],
  auditBackend: ['playwright', { option: true, scope: 'worker' }],
  targetFile: [process.env.AUDIT_TARGET ?? '', { option: true, scope: 'worker' }],
  portalDefects: [parseDefects(process.env.AUDIT_PORTAL_DEFECTS ?? ''), { option: true, scope: 'worker' }],
  portal: [
    async ({ portalDefects, targetFile, auditBrowser, auditBackend }, use) => {
      if (targetFile) return use(undefined);
      const portal = await startPortal({ defects: portalDefects, idleTimeoutSeconds: referenceIdleTimeoutSeconds(auditBrowser, auditBackend) });
      await use(portal);
      await portal.stop();
    },
    { scope: 'worker' },
  ],
  target: [
    async ({ portal, targetFile }, use) => use(portal ? referenceTarget(portal) : await loadTargetFile(targetFile)),
    { scope: 'worker' },
  ],

  runScenario: async ({ target, auditBrowser, auditBackend, portalDefects }, use, testInfo) => {
    const drivers: AuditDriver[] = [];
    await use(async (definition, { preset, persona }) => {
      const spec = driverSpecFor(auditBackend, auditBrowser, preset, personaById(persona));
      await labelResult(definition, target, spec, portalDefects);
      const impossible = impossibleRun(spec);
      if (impossible) {
        const skipped = { scenario: definition.id, browser: spec.browser, driver: driverName(spec), preset, persona, verdict: 'skipped' as const, findings: [], checks: [], reason: impossible, durationMs: 0 };
        await testInfo.attach('verdict', { body: JSON.stringify(skipped, null, 2), contentType: 'application/json' });
        return skipped;
      }
      const driver = createDriver(spec);
      drivers.push(driver);
      const user = target.users[0];
      if (!user) throw new Error('the target has no users');
      await driver.launch();
      const result = await play(definition, {
        target,
        user,
        nextUser: target.users[1],
        driver,
        // A second computer: same engine and persona, a brand-new profile with browser defaults.
        newDriver: () => createDriver({ ...spec, profile: 'fresh-default' }),
        evidence: playwrightEvidence(testInfo),
      });
      await testInfo.attach('verdict', { body: JSON.stringify(result, null, 2), contentType: 'application/json' });
      return result;
    });
    for (const driver of drivers) await driver.dispose();
  },
});

export { expect } from '@playwright/test';

/**
 * The embedded portal's idle timeout, per browser and backend. It must exceed the longest pause between one
 * computer's requests in any scenario, or a session ends by timeout and the scenario cannot tell a logout from it
 * (such a pass is refused as TOO_SLOW, scenarios/steps/session-clock.ts): in logout-everywhere the first computer
 * waits while a second browser starts and logs in. Playwright's Chromium starts in ~0.6 s; Firefox takes ~4.6 s,
 * WebKitGTK under Xvfb seconds too, and through a Selenium Grid every command crosses JVMs (measured: a replay
 * came more than 15 s after the last visit on a loaded grid). So the short timeout that keeps the idle-timeout
 * scenario fast is for Playwright's Chromium only (15 s: margin for a loaded machine).
 */
function referenceIdleTimeoutSeconds(browser: DriverSpec['browser'], backend: DriverSpec['backend']): number {
  return browser === 'chromium' && backend === 'playwright' ? 15 : 30;
}

async function labelResult(definition: ScenarioDefinition, target: Target, spec: DriverSpec, defects: DefectId[]): Promise<void> {
  await allure.epic(target.name);
  await allure.feature(definition.id);
  await allure.story(definition.title);
  await allure.description(`${definition.title}.\n\nReferences: ${definition.refs.join(', ')}. Finding codes: ${definition.findingCodes.join(', ')}.`);
  await allure.parameter('browser', spec.browser);
  await allure.parameter('driver', `${spec.backend}:${spec.browser}`);
  await allure.parameter('preset', spec.profile);
  await allure.parameter('persona', spec.persona.id);
  await allure.parameter('engine', engineOf(spec.browser, spec.persona));
  if (spec.persona.userAgent) await allure.label('persona', spec.persona.description);
  if (defects.length > 0) await allure.parameter('portal defects', defects.join(','));
  await allure.severity('critical');
  await allure.tags(...definition.refs);
  for (const ref of definition.refs) await allure.link(referenceUrl(ref), ref);
}
