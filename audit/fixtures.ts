import { test as base } from '@playwright/test';
import * as allure from 'allure-js-commons';
import { createDriver, driverName, driverSpecFor, impossibleRun } from '../drivers';
import type { AuditDriver, BrowserProfile, DriverSpec } from '../drivers/driver';
import { engineOf, personaById } from '../drivers/personas';
import { parseDefects, type DefectId } from '../portal/defects';
import { startPortal, type RunningPortal } from '../portal/start';
import { portalLog } from './portal-log';
import { attachVerdict, playwrightEvidence } from './playwright-evidence';
import { referenceUrl } from '../scenarios/references';
import { play, type ScenarioDefinition } from '../scenarios/scenario';
import type { ScenarioResult } from '../scenarios/verdict';
import { loadTargetFile } from '../targets/define-target';
import { referenceTarget } from '../targets/reference';
import type { Target } from '../targets/target';

export interface RunOptions {
  preset: BrowserProfile;
  persona: string;
  /** Self-tests only: a target described differently (e.g. a wrong API path), to prove a control fails. */
  adjustTarget?: (target: Target) => Target;
  /** Self-tests only: the real driver with one operation replaced, to prove a control fails. */
  wrapDriver?: (driver: AuditDriver) => AuditDriver;
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
  /** The target a scenario runs against: the idle-timeout scenario gets a portal of its own (see below). */
  targetFor: (definition: ScenarioDefinition) => Promise<Target>;
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
    async ({ portalDefects, targetFile }, use) => {
      if (targetFile) return use(undefined);
      const portal = await startPortal({ defects: portalDefects, idleTimeoutSeconds: REFERENCE_IDLE_TIMEOUT_SECONDS, log: portalLog() });
      await use(portal);
      await portal.stop();
    },
    { scope: 'worker' },
  ],
  target: [
    async ({ portal, targetFile }, use) => use(portal ? referenceTarget(portal) : await loadTargetFile(targetFile)),
    { scope: 'worker' },
  ],
  targetFor: [
    async ({ portal, target, portalDefects }, use) => {
      let idlePortal: Promise<RunningPortal> | undefined;
      await use(async (definition) => {
        if (!portal || !definition.waitsOutIdleTimeout) return target;
        idlePortal ??= startPortal({ defects: portalDefects, idleTimeoutSeconds: IDLE_SCENARIO_TIMEOUT_SECONDS, log: portalLog() });
        return referenceTarget(await idlePortal);
      });
      if (idlePortal) await (await idlePortal).stop();
    },
    { scope: 'worker' },
  ],

  runScenario: async ({ targetFor, auditBrowser, auditBackend, portalDefects }, use, testInfo) => {
    const drivers: AuditDriver[] = [];
    await use(async (definition, { preset, persona, adjustTarget, wrapDriver }) => {
      const described = await targetFor(definition);
      const target = adjustTarget ? adjustTarget(described) : described;
      const spec = driverSpecFor(auditBackend, auditBrowser, preset, personaById(persona));
      await labelResult(definition, target, spec, portalDefects);
      // One sink per run, with the run's own Redactor: the verdict is attached through what the run learnt.
      const evidence = playwrightEvidence(testInfo);
      const impossible = impossibleRun(spec);
      if (impossible) {
        const skipped = { scenario: definition.id, browser: spec.browser, driver: driverName(spec), preset, persona, verdict: 'skipped' as const, findings: [], checks: [], reason: impossible, durationMs: 0 };
        return attachVerdict(testInfo, skipped, evidence.redactor);
      }
      const driver = wrapDriver ? wrapDriver(createDriver(spec)) : createDriver(spec);
      drivers.push(driver);
      const user = target.users[0];
      if (!user) throw new Error('the target has no users');
      const result = await play(definition, {
        target,
        user,
        nextUser: target.users[1],
        driver,
        // A second computer: same engine and persona, a brand-new profile with browser defaults.
        newDriver: () => {
          const fresh = createDriver({ ...spec, profile: 'fresh-default' });
          return wrapDriver ? wrapDriver(fresh) : fresh;
        },
        evidence,
      });
      // Through the redaction choke point: the test fails with (and Allure shows) the redacted verdict.
      return attachVerdict(testInfo, result, evidence.redactor);
    });
    for (const driver of drivers) await driver.dispose();
  },
});

export { expect } from '@playwright/test';

/**
 * The embedded portal's idle timeouts. No verdict of the reference audit may hang on how fast the machine is: a
 * session that ends by idle timeout during a scenario makes a logout check unable to tell logout from timeout
 * (refused as TOO_SLOW, scenarios/steps/session-clock.ts), and on a loaded runner that happened to many runs with
 * a 15 s timeout. So every scenario gets a portal whose timeout no scenario comes near (15 min; a test times out
 * long before), and the one scenario that waits out the timeout on purpose gets a portal of its own, started
 * with the same defects, whose short timeout keeps it quick. Only the gap between its login and its first visit
 * of the protected page has to stay below that timeout.
 */
const REFERENCE_IDLE_TIMEOUT_SECONDS = 900;
const IDLE_SCENARIO_TIMEOUT_SECONDS = 10;

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
