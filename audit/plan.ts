import { browserProfiles, type BrowserProfile } from '../drivers/driver';
import { personaIds } from '../drivers/personas';
import { scenarioById, scenarioCatalogue } from '../scenarios/catalogue';
import type { ScenarioDefinition } from '../scenarios/scenario';
import type { AuditSettings, PlanSelection } from './settings';
import { InputError } from '../errors/audit-error';

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

/** The selection with --quick's filled in; --quick names its own scenarios and personas. */
function withQuick(selection: PlanSelection): PlanSelection {
  if (!selection.quick) return selection;
  if (selection.scenarios || selection.personas) {
    throw new InputError(`--quick runs ${QUICK_SCENARIOS.join(', ')} under the personas ${QUICK_PERSONAS.join(', ')}: leave out --scenarios and --personas, or leave out --quick`);
  }
  return { ...selection, scenarios: [...QUICK_SCENARIOS], personas: [...QUICK_PERSONAS] };
}

/** The scenarios and presets a selection names, every one where it names none. */
function scenariosAndPresets(selection: PlanSelection): { scenarios: ScenarioDefinition[]; presets: readonly BrowserProfile[] } {
  return { scenarios: selection.scenarios?.map(scenarioById) ?? [...scenarioCatalogue], presets: selection.presets ?? browserProfiles };
}

/** The matrix an audit runs: scenarios x profile presets x User-Agent personas, narrowed by the settings' selection. */
export function auditPlan(settings: Pick<AuditSettings, 'selection'>): PlannedRun[] {
  const selection = withQuick(settings.selection);
  const { scenarios, presets } = scenariosAndPresets(selection);
  const personas = selection.personas ?? personaIds;
  return scenarios.flatMap((scenario) =>
    presets
      .filter((preset) => !presetNotPlanned(scenario, preset))
      .flatMap((preset) => personas.map((persona) => ({ scenario, preset, persona }))),
  );
}

/** The (scenario, preset) pairs the same selection leaves out, each with its reason. */
export function unplannedRuns(settings: Pick<AuditSettings, 'selection'>): UnplannedRun[] {
  const { scenarios, presets } = scenariosAndPresets(withQuick(settings.selection));
  return scenarios.flatMap((scenario) =>
    presets.flatMap((preset) => {
      const why = presetNotPlanned(scenario, preset);
      return why ? [{ scenario: scenario.id, preset, why }] : [];
    }),
  );
}
