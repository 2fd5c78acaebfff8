import type { FullResult, TestCase, TestResult } from '@playwright/test/reporter';
import { browserGone } from '../drivers/driver-error';
import type { ScenarioResult } from '../scenarios/verdict';
import { EMBEDDED_TARGET } from '../targets/audit-targets';
import { maskSecretParams } from '../evidence/redact';

// A test's verdict is the "verdict" attachment its scenario wrote. A test that ended without one (its browser
// or worker was killed, it timed out, the run was interrupted) is still a planned run: its entry is built from
// the test's annotations (suites/audit.spec.ts), never with an "unknown" scenario, preset or persona, and it is
// broken with the cause as a code at the start of its reason.
//
// Reasons built here are masked by pattern only (token parameters): a reporter runs in Playwright's main
// process and holds no run's Redactor; the texts it reads were redacted by their run's sink on the way out.

/**
 * Who a planned audit run is, from the annotations of its test and its project: browser, backend and target
 * (the name its target file declares; one run may audit several targets).
 */
export type PlannedRun = Pick<ScenarioResult, 'scenario' | 'browser' | 'driver' | 'preset' | 'persona'> & { target: string };

/** A scenario's result as one run of the audit: the target it was run against named beside it. */
export type AuditRunResult = ScenarioResult & { target: string };

/**
 * Why a run has no verdict: the codes a summary's reason starts with. TARGET_CHECK_FAILED: the check every audit
 * of a target file starts with (cli/audit-target-check.ts) found the file unfit, so none of its runs started.
 */
export type LostCause = 'BROWSER_DIED' | 'WORKER_DIED' | 'INTERRUPTED' | 'TIMED_OUT' | 'NOT_RUN' | 'TARGET_CHECK_FAILED';

export function isAuditTest(test: TestCase): boolean {
  return test.annotations.some((a) => a.type === 'audit-result');
}

function annotation(test: TestCase, type: string): string | undefined {
  return test.annotations.find((a) => a.type === type)?.description;
}

/** A planned run by its parts; the driver named as drivers/index.ts driverName() does (a grid run says so). */
export function plannedRunOf(
  target: string,
  backend: string,
  browser: string,
  scenario: string,
  preset: string,
  persona: string,
  gridUrl: string | undefined,
): PlannedRun {
  const grid = backend === 'selenium' && gridUrl ? '@grid' : '';
  return { target, scenario, browser, driver: `${backend}:${browser}${grid}`, preset, persona };
}

/** The target of a test's project (playwright.config.ts metadata.auditTarget); a hand-made project: the embedded portal. */
function targetOf(test: TestCase): string {
  const metadata = (test.parent.project()?.metadata ?? {}) as { auditTarget?: unknown };
  return typeof metadata.auditTarget === 'string' ? metadata.auditTarget : EMBEDDED_TARGET.name;
}

/** The grid a test's project runs its Selenium browser on (playwright.config.ts metadata.auditGridUrl, from the settings). */
function gridOf(test: TestCase): string | undefined {
  const metadata = (test.parent.project()?.metadata ?? {}) as { auditGridUrl?: unknown };
  return typeof metadata.auditGridUrl === 'string' ? metadata.auditGridUrl : undefined;
}

export function plannedRun(test: TestCase): PlannedRun {
  const use = (test.parent.project()?.use ?? {}) as { auditBrowser?: string; auditBackend?: string };
  return plannedRunOf(
    targetOf(test),
    use.auditBackend ?? 'unknown',
    use.auditBrowser ?? 'unknown',
    annotation(test, 'audit-result') ?? test.title,
    annotation(test, 'audit-preset') ?? 'unknown',
    annotation(test, 'audit-persona') ?? 'unknown',
    gridOf(test),
  );
}

/** The cause of a test ending without a verdict, from Playwright's status and first error line. */
export function lostCause(result: Pick<TestResult, 'status' | 'error'>): LostCause {
  if (result.status === 'timedOut') return 'TIMED_OUT';
  if (result.status === 'interrupted') return 'INTERRUPTED';
  const message = result.error?.message ?? '';
  if (/worker process exited unexpectedly/i.test(message)) return 'WORKER_DIED';
  if (browserGone(message)) return 'BROWSER_DIED';
  return 'NOT_RUN';
}

/** Why a planned test that never reported has no verdict, from how the whole run ended (undefined: not yet). */
export function unreportedCause(status: FullResult['status'] | undefined): LostCause {
  if (status === 'interrupted') return 'INTERRUPTED';
  if (status === 'timedout') return 'TIMED_OUT';
  return 'NOT_RUN';
}

const CAUSE_TEXT: Record<LostCause, string> = {
  BROWSER_DIED: 'the browser ended on its own (killed or crashed) before a verdict',
  WORKER_DIED: 'the Playwright worker running it exited unexpectedly before a verdict',
  INTERRUPTED: 'the audit was interrupted before this run was judged',
  TIMED_OUT: 'the run took longer than the test timeout and was stopped before a verdict',
  NOT_RUN: 'the test ended (or was never run) before a verdict',
  TARGET_CHECK_FAILED: 'the check the audit starts with found the target file unfit (or could not make its round), so this run was not started',
};

/** A planned run that never got a verdict: broken, its cause first in the reason. */
export function lostRun(run: PlannedRun, cause: LostCause, detail: string | undefined, durationMs: number): AuditRunResult {
  return {
    ...run,
    verdict: 'broken',
    code: cause,
    findings: [],
    checks: [],
    reason: maskSecretParams(`${cause}: ${CAUSE_TEXT[cause]}${detail ? ` (${detail})` : ''}`),
    durationMs,
  };
}

/** The scenario result a test attached as "verdict"; a test that ended without one is broken with its cause. */
export function readVerdict(test: TestCase, result: TestResult): AuditRunResult {
  const attachment = result.attachments.find((a) => a.name === 'verdict' && a.body);
  if (attachment?.body) {
    const judged: AuditRunResult = { ...(JSON.parse(attachment.body.toString('utf8')) as ScenarioResult), target: targetOf(test) };
    // An interrupt ends the browser under a running step, which then reports what it met (a browser that is
    // not running): the cause is the interrupt. A finding already seen stays a finding.
    if (result.status === 'interrupted' && judged.verdict === 'broken') {
      return { ...judged, code: 'INTERRUPTED', reason: maskSecretParams(`INTERRUPTED: ${CAUSE_TEXT.INTERRUPTED} (then: ${judged.reason ?? 'no reason'})`) };
    }
    return judged;
  }
  const run = plannedRun(test);
  // A skip is a verdict only with its stated reason; Playwright also marks tests "skipped" that it never ran
  // after a fatal error in their worker, and those were not judged.
  const skip = [...(result.annotations ?? []), ...test.annotations].find((a) => a.type === 'skip' && a.description);
  if (result.status === 'skipped' && skip?.description) {
    return { ...run, verdict: 'skipped', code: 'CAPABILITY_MISSING', findings: [], checks: [], reason: maskSecretParams(skip.description), durationMs: result.duration };
  }
  const firstLine = result.error?.message?.split('\n')[0];
  return lostRun(run, lostCause(result), firstLine, result.duration);
}
