import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Status, type TestResult } from 'allure-js-commons';
import type { LifecycleListener } from 'allure-js-commons/sdk/reporter';
import type { ScenarioResult, Verdict } from '../scenarios/verdict';

// Allure statuses of audit results from the audit's own verdict, not from Playwright's pass/fail.
//
// Why: allure-playwright 3.12.2 sets a test's status from Playwright's result alone
// (node_modules/allure-playwright/dist/esm/index.js, onTestEnd: `testResult.status = statusToAllureStats(
// result.status, test.expectedStatus)`; dist/esm/utils.js `statusToAllureStats`): skipped -> skipped,
// timedOut -> broken, and every other failure -> failed, whatever was thrown. It never looks at the error's
// type (allure-js-commons' getStatusFromError, which files non-assertion errors as broken, is used for
// steps, not for a Playwright test). So an audit that could not decide (UndecidedError) was shown as a red
// "failed", the colour of a portal that let someone in.
//
// The fix is allure-playwright's own extension point: `listeners` (reporter option, passed on to
// allure-js-commons' ReporterRuntime), whose beforeTestResultWrite runs just before each *-result.json is
// written (ReporterRuntime.writeTest), after the test's attachments are on disk. The audit test attaches its
// verdict (audit/fixtures.ts, "verdict"): the same verdict summary.json is built from, so the report and the
// summary cannot disagree about failed vs broken.

/** The tag audit.spec.ts gives its tests: only they carry an audit verdict (defect self-tests expect findings). */
const AUDIT_TAG = 'audit';

/**
 * Fail-closed: failed only for a finding, passed only when the verdict and Playwright agree; whatever else
 * went wrong (no verdict at all, a teardown error after the verdict) is broken, never passed or failed.
 */
export function allureStatusFor(recorded: Status | undefined, verdict: Verdict | undefined): Status {
  if (verdict === 'failed') return Status.FAILED; // a finding seen once is reported, whatever came after it
  if (verdict === 'broken') return Status.BROKEN;
  if (verdict === 'passed' && recorded === Status.PASSED) return Status.PASSED;
  // skipped by the scenario (a capability the driver lacks) or before it ran (test.skip)
  if ((verdict === 'skipped' || verdict === undefined) && recorded === Status.SKIPPED) return Status.SKIPPED;
  return Status.BROKEN;
}

/** The "verdict" attachment's file in the results dir (allure-playwright puts it in a step of that name). */
function verdictAttachment(result: TestResult): string | undefined {
  const attachments = [...result.attachments, ...result.steps.flatMap((s) => s.attachments)];
  return attachments.find((a) => a.name === 'verdict')?.source;
}

function readVerdict(resultsDir: string, source: string | undefined): Verdict | undefined {
  if (!source) return undefined;
  try {
    return (JSON.parse(readFileSync(join(resultsDir, source), 'utf8')) as ScenarioResult).verdict;
  } catch {
    return undefined; // unreadable: no verdict, so broken
  }
}

/** The listener for allure-playwright's `listeners` option; resultsDir must be the reporter's own. */
export function verdictStatusListener(resultsDir: string): LifecycleListener {
  return {
    beforeTestResultWrite(result: TestResult) {
      if (!result.labels.some((l) => l.name === 'tag' && l.value === AUDIT_TAG)) return;
      result.status = allureStatusFor(result.status, readVerdict(resultsDir, verdictAttachment(result)));
    },
  };
}
