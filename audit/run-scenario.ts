import type { TestInfo } from '@playwright/test';
import { capabilitiesOf, createDriver, createProbeSource, driverName, driverSpecFor, impossibleRun, wrappedProbes } from '../drivers';
import type { AuditDriver, BrowserProfile, DriverSpec } from '../drivers/driver';
import { personaById } from '../drivers/personas';
import type { DefectId } from '../portal/defects';
import { capabilityLacking, play, type ScenarioDefinition } from '../scenarios/scenario';
import type { CheckRecord, ScenarioResult } from '../scenarios/verdict';
import type { Target } from '../targets/target';
import { createRedactor } from '../evidence/redact';
import { labelResult } from './label-result';
import { attachVerdict, playwrightEvidence } from './playwright-evidence';
import { auditSettings } from './settings';

// Running one scenario of the plan in one test: the driver for the project's browser and the run's preset and
// persona, a skip (with its reason, no driver made, no browser started) where the browser's record says its
// driver cannot make the run or lacks a capability the scenario requires, the scenario's play, and its verdict
// attached through the redaction choke point.

export interface RunOptions {
  preset: BrowserProfile;
  persona: string;
  /** Self-tests only: a target described differently (e.g. a wrong API path), to prove a control fails. */
  adjustTarget?: (target: Target) => Target;
  /** Self-tests only: the real driver with one operation replaced, to prove a control fails. */
  wrapDriver?: (driver: AuditDriver) => AuditDriver;
}

export type RunScenario = (definition: ScenarioDefinition, options: RunOptions) => Promise<ScenarioResult>;

/** What a run needs from its project and worker. */
export interface RunContext {
  auditBrowser: DriverSpec['browser'];
  auditBackend: DriverSpec['backend'];
  portalDefects: DefectId[];
  targetFor: (definition: ScenarioDefinition) => Promise<Target>;
}

/** A test's scenario runner and the disposal of every driver it created (profiles hold session cookies). */
export function scenarioRunner(testInfo: TestInfo, context: RunContext): { runScenario: RunScenario; dispose: () => Promise<void> } {
  const drivers: AuditDriver[] = [];
  const runScenario: RunScenario = async (definition, { preset, persona, adjustTarget, wrapDriver }) => {
    const described = await context.targetFor(definition);
    const target = adjustTarget ? adjustTarget(described) : described;
    const spec = driverSpecFor(context.auditBackend, context.auditBrowser, preset, personaById(persona), auditSettings());
    await labelResult(definition, target, spec, context.portalDefects);
    // One sink per run, with the run's own Redactor: the verdict is attached through what the run learnt.
    const evidence = playwrightEvidence(testInfo, createRedactor(auditSettings().redactionKey?.reveal()));
    // From the browser's record, before any driver exists: what the spec's driver would declare.
    const impossible = impossibleRun(spec) ?? capabilityLacking(definition, capabilitiesOf(spec), spec.profile);
    if (impossible) {
      const skipped = { scenario: definition.id, browser: spec.browser, driver: driverName(spec), preset, persona, verdict: 'skipped' as const, code: 'CAPABILITY_MISSING' as const, findings: [], checks: [], reason: impossible, durationMs: 0 };
      return attachVerdict(testInfo, skipped, evidence.redactor);
    }
    const user = target.users[0];
    if (!user) throw new Error('the target has no users');
    // The driver masks what it writes into evidence (a reboot hook's output) with the same run's Redactor.
    const playOnce = (): Promise<ScenarioResult> => {
      const made = createDriver(spec, { redactor: evidence.redactor, runId: auditSettings().runId });
      const driver = wrapDriver ? wrapDriver(made) : made;
      drivers.push(driver);
      return play(definition, {
        target,
        user,
        nextUser: target.users[1],
        driver,
        // A second computer: same engine and persona, a brand-new profile with browser defaults.
        newDriver: () => {
          const fresh = createDriver({ ...spec, profile: 'fresh-default' }, { redactor: evidence.redactor, runId: auditSettings().runId });
          return wrapDriver ? wrapDriver(fresh) : fresh;
        },
        // Probes (a copied jar alone): same engine and persona, wrapped like every browser of the run.
        probes: wrappedProbes(createProbeSource(spec, { redactor: evidence.redactor, runId: auditSettings().runId }), wrapDriver),
        evidence,
      });
    };
    // Each play again gets the time the spoilt one took on top of the test's bound, which is against hangs only.
    const result = await playUntilPremiseHeld(playOnce, (spentMs) => testInfo.setTimeout(testInfo.timeout + spentMs));
    // Through the redaction choke point: the test fails with (and Allure shows) the redacted verdict.
    return attachVerdict(testInfo, result, evidence.redactor);
  };
  return {
    runScenario,
    dispose: async () => {
      for (const driver of drivers) await driver.dispose();
    },
  };
}

/** How often a run is played when a slow machine spoilt its premise (CUT_CAME_LATE) each time. */
const PLAYS_FOR_A_SPOILT_PREMISE = 3;

/**
 * Plays the run again from the start, on a new profile, while it ends broken because the machine was too slow
 * for its premise (the browser wrote its logged-out state before the power cut came), up to
 * PLAYS_FOR_A_SPOILT_PREMISE times: otherwise the verdict would hang on the machine's speed. Only that one
 * undecided outcome is played again; a finding, a pass or any other broken result is the verdict as it came.
 * The result names the plays before it.
 */
export async function playUntilPremiseHeld(playOnce: () => Promise<ScenarioResult>, beforeReplay: (spentMs: number) => void = () => undefined): Promise<ScenarioResult> {
  const spoilt: string[] = [];
  for (;;) {
    const started = Date.now();
    const result = await playOnce();
    const premiseSpoilt = result.verdict === 'broken' && result.code === 'CUT_CAME_LATE';
    if (!premiseSpoilt || spoilt.length + 1 >= PLAYS_FOR_A_SPOILT_PREMISE) {
      if (spoilt.length === 0) return result;
      const earlier: CheckRecord = {
        step: 'before this play',
        check: 'the run was played again from the start',
        outcome: 'premise',
        seen: spoilt.map((reason, i) => `play ${i + 1} ended broken: ${reason}`).join('; '),
      };
      return { ...result, checks: [earlier, ...result.checks] };
    }
    spoilt.push(result.reason ?? 'CUT_CAME_LATE');
    beforeReplay(Date.now() - started);
  }
}
