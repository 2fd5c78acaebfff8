import { test as base } from '@playwright/test';
import { DEFECT_ANNOTATION, type DefectExpectation } from '../../reports/defect-matrix';
import { scenarioById } from '../../scenarios/catalogue';
import { SHARED_ROUND } from '../../scenarios/shared-round';
import type { ScenarioResult } from '../../scenarios/verdict';
import { expect } from '../../audit/fixtures';

export { expect, test } from '../../audit/fixtures';

/**
 * The tag of a defect's one test that is played in every engine (the defects:firefox project greps for it):
 * the test whose catch depends on what the browser keeps, restores or serves (cookies across a close or a
 * power cut, its caches and service workers, web storage, a remembered login). A defect decided by the
 * server's answer alone (session fixation, an API token, the idle clock, the IdP's end_session, a persona's
 * User-Agent) is the same in every engine and has no such test: Chromium proves it once.
 */
export const EACH_ENGINE = { tag: '@each-engine' };

/**
 * The round the default audit plays its members in (scenarios/shared-round.ts): a defect one of them catches is
 * proven caught there, by `runInRound(scenario, sharedRound, ...)`, exactly as an audit sees it.
 */
export const sharedRound = SHARED_ROUND.map(scenarioById);

/**
 * The self-test's promise for one defect: this scenario, in this browser, preset and persona, reports this
 * code. Recorded for out/defect-matrix.json whether or not it held, then checked.
 */
export function expectCaught(result: ScenarioResult, defect: string, code: string): void {
  const caught = result.verdict === 'failed' && result.findings.some((f) => f.code === code);
  const record: DefectExpectation = {
    defect,
    caught,
    scenario: result.scenario,
    browser: result.browser,
    preset: result.preset,
    persona: result.persona,
    code,
  };
  base.info().annotations.push({ type: DEFECT_ANNOTATION, description: JSON.stringify(record) });
  expect(
    { verdict: result.verdict, codes: result.findings.map((f) => f.code), reason: result.reason },
    // The reason in the title: toMatchObject's diff leaves out the keys it was not asked about.
    `${defect} must be caught by ${result.scenario} [${result.preset}, ${result.persona}] with ${code}${result.reason ? ` (${result.verdict}: ${result.reason})` : ''}`,
  ).toMatchObject({ verdict: 'failed', codes: expect.arrayContaining([code]) });
}

/** A negative control: where the defect must not show, the same scenario passes with no finding. */
export function expectClean(result: ScenarioResult, why: string): void {
  expect({ verdict: result.verdict, findings: result.findings, reason: result.reason }, why).toEqual({
    verdict: 'passed',
    findings: [],
    reason: undefined,
  });
}
