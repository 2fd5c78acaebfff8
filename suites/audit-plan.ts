import { browserProfiles, type BrowserProfile } from '../drivers/driver';
import { personaIds } from '../drivers/personas';
import { selectScenarios } from '../scenarios/catalogue';
import type { ScenarioDefinition } from '../scenarios/scenario';

export interface PlannedRun {
  scenario: ScenarioDefinition;
  preset: BrowserProfile;
  persona: string;
}

function pick<T extends string>(list: string | undefined, all: readonly T[], what: string): T[] {
  if (!list?.trim()) return [...all];
  return list.split(',').map((raw) => {
    const item = raw.trim();
    if (!(all as readonly string[]).includes(item)) throw new Error(`unknown ${what} "${item}": use one of ${all.join(', ')}`);
    return item as T;
  });
}

/** The matrix an audit runs: scenarios x profile presets x User-Agent personas, narrowed by the CLI's env. */
export function auditPlan(env: NodeJS.ProcessEnv = process.env): PlannedRun[] {
  const scenarios = selectScenarios(env.AUDIT_SCENARIOS);
  const presets = pick(env.AUDIT_PRESETS, browserProfiles, 'preset');
  const personas = pick(env.AUDIT_PERSONAS, personaIds, 'persona');
  return scenarios.flatMap((scenario) =>
    presets
      .filter((preset) => !scenario.presets || scenario.presets.includes(preset))
      .flatMap((preset) => personas.map((persona) => ({ scenario, preset, persona }))),
  );
}
