import { browserProfiles, type BrowserProfile } from '../drivers/driver';
import { personaIds } from '../drivers/personas';
import { selectScenarios } from '../scenarios/catalogue';
import type { ScenarioDefinition } from '../scenarios/scenario';

export interface PlannedRun {
  scenario: ScenarioDefinition;
  preset: BrowserProfile;
  persona: string;
}

/** A combination of the matrix that is not run, and why (shown by `--list`). */
export interface UnplannedRun {
  scenario: string;
  preset: BrowserProfile;
  why: string;
}

function pick<T extends string>(list: string | undefined, all: readonly T[], what: string): T[] {
  if (!list?.trim()) return [...all];
  return list.split(',').map((raw) => {
    const item = raw.trim();
    if (!(all as readonly string[]).includes(item)) throw new Error(`unknown ${what} "${item}": use one of ${all.join(', ')}`);
    return item as T;
  });
}

/**
 * Why a scenario is not run under a preset, or undefined when it is. A preset changes only what happens when
 * the browser starts again, so a scenario that never restarts the browser would repeat its fresh-default run
 * to the letter under restore-session.
 */
function presetNotPlanned(scenario: ScenarioDefinition, preset: BrowserProfile): string | undefined {
  if (scenario.presets && !scenario.presets.includes(preset)) return `${scenario.id} means something under ${scenario.presets.join(', ')} only`;
  if (!scenario.restartsBrowser && preset !== 'fresh-default') {
    return `${scenario.id} never restarts the browser, and a preset changes only what happens at a restart: the fresh-default run covers it`;
  }
  return undefined;
}

/** The matrix an audit runs: scenarios x profile presets x User-Agent personas, narrowed by the CLI's env. */
export function auditPlan(env: NodeJS.ProcessEnv = process.env): PlannedRun[] {
  const scenarios = selectScenarios(env.AUDIT_SCENARIOS);
  const presets = pick(env.AUDIT_PRESETS, browserProfiles, 'preset');
  const personas = pick(env.AUDIT_PERSONAS, personaIds, 'persona');
  return scenarios.flatMap((scenario) =>
    presets
      .filter((preset) => !presetNotPlanned(scenario, preset))
      .flatMap((preset) => personas.map((persona) => ({ scenario, preset, persona }))),
  );
}

/** The (scenario, preset) pairs the same selection leaves out, each with its reason. */
export function unplannedRuns(env: NodeJS.ProcessEnv = process.env): UnplannedRun[] {
  const scenarios = selectScenarios(env.AUDIT_SCENARIOS);
  const presets = pick(env.AUDIT_PRESETS, browserProfiles, 'preset');
  return scenarios.flatMap((scenario) =>
    presets.flatMap((preset) => {
      const why = presetNotPlanned(scenario, preset);
      return why ? [{ scenario: scenario.id, preset, why }] : [];
    }),
  );
}
