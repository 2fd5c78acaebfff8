import { UndecidedError, type ScenarioResult } from '../scenarios/verdict';
import { auditPlan, planGroups, type PlannedRun } from '../audit/plan';
import { expect, test, type RunInRound, type RunScenario } from '../audit/fixtures';
import { auditSettings } from '../audit/settings';

// The audit: every scenario of the plan, in this project's browser, per profile preset and persona.
// A finding fails the test (Allure: failed = product defect); a harness that could not decide throws a
// UndecidedError (Allure: broken). Retries are off in the config: a finding seen once is reported.

/** One planned run as one test, whose result comes from `run`. */
function auditTest({ scenario, preset, persona }: PlannedRun, run: (runners: { runScenario: RunScenario; runInRound: RunInRound }) => Promise<ScenarioResult>): void {
  test(
    `${scenario.id} [${preset}, ${persona}]`,
    // Who this run is, for the reporters: a test that dies before its verdict is still entered in the summary
    // under its scenario, preset and persona (reports/read-verdict.ts), broken with the cause.
    {
      tag: ['@audit'],
      annotation: [
        { type: 'audit-result', description: scenario.id },
        { type: 'audit-preset', description: preset },
        { type: 'audit-persona', description: persona },
      ],
    },
    async ({ runScenario, runInRound }) => {
      const result = await run({ runScenario, runInRound });
      test.skip(result.verdict === 'skipped', result.reason);
      if (result.verdict === 'broken') throw new UndecidedError(result.reason);
      const findings = result.findings.map((f) => `${f.code}: ${f.message}\n    expected: ${f.expected}\n    seen:     ${f.seen}`);
      expect(findings, `${scenario.title}: findings`).toEqual([]);
      expect(result.verdict).toBe('passed');
    },
  );
}

// A shared round (scenarios/shared-round.ts) is one group: its runs' tests run in order in one worker, the first
// plays the round and the others read its results (audit/run-scenario.ts, runInRound). The group has no title
// of its own: each test keeps the name of its run.
for (const group of planGroups(auditPlan(auditSettings()))) {
  const [first] = group;
  if (!first?.sharedRound) {
    if (first) auditTest(first, ({ runScenario }) => runScenario(first.scenario, { preset: first.preset, persona: first.persona }));
    continue;
  }
  const round = first.sharedRound;
  test.describe(() => {
    test.describe.configure({ mode: 'default' });
    for (const member of group) auditTest(member, ({ runInRound }) => runInRound(member.scenario, round, { preset: member.preset, persona: member.persona }));
  });
}
