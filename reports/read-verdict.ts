import type { TestCase, TestResult } from '@playwright/test/reporter';
import type { ScenarioResult } from '../scenarios/verdict';
import { redactText } from './redact';

/** The scenario result a test attached as "verdict"; a test that died before attaching it was broken. */
export function readVerdict(test: TestCase, result: TestResult): ScenarioResult {
  const attachment = result.attachments.find((a) => a.name === 'verdict' && a.body);
  if (attachment?.body) return JSON.parse(attachment.body.toString('utf8')) as ScenarioResult;
  const project = test.parent.project();
  const browser = String((project?.use as { auditBrowser?: string } | undefined)?.auditBrowser ?? 'unknown');
  const skipped = result.status === 'skipped';
  const why = result.error?.message?.split('\n')[0] ?? result.status;
  return {
    scenario: test.annotations.find((a) => a.type === 'audit-result')?.description ?? test.title,
    browser,
    driver: 'unknown',
    preset: 'unknown',
    persona: 'unknown',
    verdict: skipped ? 'skipped' : 'broken',
    findings: [],
    checks: [],
    reason: redactText(skipped ? 'skipped before the scenario ran' : `the test ended before a verdict: ${why}`),
    durationMs: result.duration,
  };
}
