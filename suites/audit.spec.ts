import { UndecidedError } from '../scenarios/verdict';
import { auditPlan } from '../audit/plan';
import { expect, test } from '../audit/fixtures';
import { auditSettings } from '../audit/settings';

// The audit: every scenario of the plan, in this project's browser, per profile preset and persona.
// A finding fails the test (Allure: failed = product defect); a harness that could not decide throws a
// UndecidedError (Allure: broken). Retries are off in the config: a finding seen once is reported.

for (const { scenario, preset, persona } of auditPlan(auditSettings())) {
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
    async ({ runScenario }) => {
      const result = await runScenario(scenario, { preset, persona });
      test.skip(result.verdict === 'skipped', result.reason);
      if (result.verdict === 'broken') throw new UndecidedError(result.reason);
      const findings = result.findings.map((f) => `${f.code}: ${f.message}\n    expected: ${f.expected}\n    seen:     ${f.seen}`);
      expect(findings, `${scenario.title}: findings`).toEqual([]);
      expect(result.verdict).toBe('passed');
    },
  );
}
