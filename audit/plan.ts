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

/**
 * --quick (AUDIT_QUICK=1): the 1177 class in seconds, for a check after every configuration change and a
 * schedule every few minutes: logout, revisit, restart and replay, under the browser's own and the IE11
 * User-Agent (the 2020 defect branched on it); the restart under both presets, as in the full plan.
 */
export const QUICK_SCENARIOS = ['logout-revisit', 'logout-close-relaunch', 'logout-replay'] as const;
export const QUICK_PERSONAS = ['default', 'ie11'] as const;

/** The env with --quick's selection filled in; --quick names its own scenarios and personas. */
function selection(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.AUDIT_QUICK !== '1') return env;
  if (env.AUDIT_SCENARIOS?.trim() || env.AUDIT_PERSONAS?.trim()) {
    throw new Error(`--quick runs ${QUICK_SCENARIOS.join(', ')} under the personas ${QUICK_PERSONAS.join(', ')}: leave out --scenarios and --personas, or leave out --quick`);
  }
  return { ...env, AUDIT_SCENARIOS: QUICK_SCENARIOS.join(','), AUDIT_PERSONAS: QUICK_PERSONAS.join(',') };
}

/** The matrix an audit runs: scenarios x profile presets x User-Agent personas, narrowed by the CLI's env. */
export function auditPlan(given: NodeJS.ProcessEnv = process.env): PlannedRun[] {
  const env = selection(given);
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
export function unplannedRuns(given: NodeJS.ProcessEnv = process.env): UnplannedRun[] {
  const env = selection(given);
  const scenarios = selectScenarios(env.AUDIT_SCENARIOS);
  const presets = pick(env.AUDIT_PRESETS, browserProfiles, 'preset');
  return scenarios.flatMap((scenario) =>
    presets.flatMap((preset) => {
      const why = presetNotPlanned(scenario, preset);
      return why ? [{ scenario: scenario.id, preset, why }] : [];
    }),
  );
}
