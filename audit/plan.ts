import { browserProfiles, type BrowserProfile } from '../drivers/driver';
import { personaIds } from '../drivers/personas';
import { scenarioById, scenarioCatalogue } from '../scenarios/catalogue';
import type { ScenarioDefinition } from '../scenarios/scenario';
import { sharedRoundOf } from '../scenarios/shared-round';
import type { AuditSettings, PlanSelection } from './settings';
import { InputError } from '../errors/audit-error';

export interface PlannedRun {
  scenario: ScenarioDefinition;
  preset: BrowserProfile;
  persona: string;
  /**
   * The scenarios (this one among them, in the round's order) whose runs under the same preset and persona
   * share one login/logout round (scenarios/shared-round.ts); absent when the run plays alone.
   */
  sharedRound?: readonly ScenarioDefinition[];
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
  const runs = scenarios.flatMap((scenario) =>
    presets
      .filter((preset) => !presetNotPlanned(scenario, preset))
      .flatMap((preset) => personas.map((persona) => ({ scenario, preset, persona }))),
  );
  // One array per preset and persona: the runs of one round hold the same one (suites/audit.spec.ts groups by it).
  const rounds = new Map<string, readonly ScenarioDefinition[]>();
  const roundOf = (preset: BrowserProfile, persona: string) => {
    const key = `${preset}|${persona}`;
    if (!rounds.has(key)) rounds.set(key, sharedRoundOf(runs.filter((r) => r.preset === preset && r.persona === persona).map((r) => r.scenario.id)).map(scenarioById));
    return rounds.get(key)!;
  };
  return runs.map((run) => {
    const round = roundOf(run.preset, run.persona);
    return round.includes(run.scenario) ? { ...run, sharedRound: round } : run;
  });
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

/**
 * The plan in the order its tests run (suites/audit.spec.ts), one list per test group: a shared round's runs
 * together at its first run's place, run in order in one worker; every other run a group of its own. The CLI
 * cuts --shard shares by these groups, as Playwright does (cli/planned-runs.ts).
 */
export function planGroups(plan: readonly PlannedRun[]): PlannedRun[][] {
  return plan.flatMap((run) => {
    if (!run.sharedRound) return [[run]];
    const members = plan.filter((p) => p.sharedRound === run.sharedRound);
    return members[0] === run ? [members] : [];
  });
}

/** The plan's shared rounds (scenarios/shared-round.ts), one per preset and persona whose runs share one: for --list. */
export function sharedRounds(plan: readonly PlannedRun[]): { members: string[]; preset: BrowserProfile; persona: string }[] {
  return plan
    .filter((run) => run.sharedRound?.[0] === run.scenario)
    .map((run) => ({ members: run.sharedRound!.map((m) => m.id), preset: run.preset, persona: run.persona }));
}
