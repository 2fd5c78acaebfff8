import { expect, test } from '@playwright/test';
import { auditPlan as planOf, unplannedRuns as unplannedOf } from '../../audit/plan';
import { parseAuditSettings } from '../../audit/settings';

// The plan of the settings parsed from these variables, as the CLI, the config and the audit spec make it.
const auditPlan = (env: NodeJS.ProcessEnv) => planOf(parseAuditSettings(env));
const unplannedRuns = (env: NodeJS.ProcessEnv) => unplannedOf(parseAuditSettings(env));

// --quick (AUDIT_QUICK=1): the 1177 class only, with the full plan's rules for presets and personas.

const runs = (env: NodeJS.ProcessEnv) => auditPlan(env).map((r) => `${r.scenario.id} ${r.preset} ${r.persona}`);

test('--quick plans logout-revisit, logout-close-relaunch and logout-replay under both personas, the restart under both presets', () => {
  expect(runs({ AUDIT_QUICK: '1' }).sort()).toEqual(
    [
      'logout-revisit fresh-default default',
      'logout-revisit fresh-default ie11',
      'logout-close-relaunch fresh-default default',
      'logout-close-relaunch fresh-default ie11',
      'logout-close-relaunch restore-session default',
      'logout-close-relaunch restore-session ie11',
      'logout-replay fresh-default default',
      'logout-replay fresh-default ie11',
    ].sort(),
  );
});

test('each quick run is planned exactly as in the full plan', () => {
  const full = new Set(runs({}));
  for (const run of runs({ AUDIT_QUICK: '1' })) expect(full.has(run), run).toBe(true);
  expect(unplannedRuns({ AUDIT_QUICK: '1' }).map((u) => `${u.scenario} ${u.preset}`).sort()).toEqual(['logout-replay restore-session', 'logout-revisit restore-session']);
});

test('--quick still narrows to the presets asked for, and refuses a scenario or persona list of its own', () => {
  expect(runs({ AUDIT_QUICK: '1', AUDIT_PRESETS: 'restore-session' })).toEqual([
    'logout-close-relaunch restore-session default',
    'logout-close-relaunch restore-session ie11',
  ]);
  expect(() => auditPlan({ AUDIT_QUICK: '1', AUDIT_SCENARIOS: 'logout-reboot' })).toThrow(/--quick runs logout-revisit.*leave out --scenarios/);
  expect(() => auditPlan({ AUDIT_QUICK: '1', AUDIT_PERSONAS: 'ie11' })).toThrow(/leave out --scenarios and --personas/);
});

test('without AUDIT_QUICK the plan is the full one', () => {
  expect(runs({ AUDIT_QUICK: '' }).length).toBeGreaterThan(runs({ AUDIT_QUICK: '1' }).length);
});
