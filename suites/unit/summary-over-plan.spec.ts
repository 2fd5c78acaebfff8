import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { FullConfig, FullResult, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { exitCodeFor, type Summary, type SummaryEntry } from '../../reports/summary';
import SummaryReporter from '../../reports/summary-reporter';

// The summary reporter knows the whole plan from onBegin and gives every planned audit test an entry: judged
// (its verdict attachment), or broken with the cause when the test ended without one or never reported.
// Driven here through the reporter's own interface with tests as Playwright hands them over.

function auditTest(id: string, scenario: string, preset: string, persona: string): TestCase {
  return {
    id,
    title: `${scenario} [${preset}, ${persona}]`,
    annotations: [
      { type: 'audit-result', description: scenario },
      { type: 'audit-preset', description: preset },
      { type: 'audit-persona', description: persona },
    ],
    parent: { project: () => ({ use: { auditBrowser: 'chromium', auditBackend: 'playwright' } }) },
  } as unknown as TestCase;
}

function result(status: TestResult['status'], extra: Partial<TestResult> = {}): TestResult {
  return { status, duration: 1234, attachments: [], annotations: [], errors: [], ...extra } as unknown as TestResult;
}

function verdictOf(test: TestCase, verdict: 'passed' | 'failed'): TestResult {
  const [scenario, preset, persona] = ['audit-result', 'audit-preset', 'audit-persona'].map((t) => test.annotations.find((a) => a.type === t)?.description);
  const body = JSON.stringify({ scenario, browser: 'chromium', driver: 'playwright:chromium', preset, persona, verdict, findings: [], checks: [], durationMs: 1000 });
  return result('passed', { attachments: [{ name: 'verdict', contentType: 'application/json', body: Buffer.from(body) }] });
}

function suiteOf(tests: TestCase[]): Suite {
  return { allTests: () => tests } as unknown as Suite;
}

function readSummary(outDir: string): Summary {
  return JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')) as Summary;
}

function entryFor(summary: Summary, persona: string, preset = 'fresh-default'): SummaryEntry | undefined {
  return summary.results.find((e) => e.persona === persona && e.preset === preset);
}

const config = {} as FullConfig;

test('a test that died without a verdict is entered under its own scenario, preset and persona, broken with the cause', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'plan-'));
  const judged = auditTest('t1', 'logout-revisit', 'fresh-default', 'default');
  const worker = auditTest('t2', 'logout-revisit', 'fresh-default', 'ie11');
  const browser = auditTest('t3', 'logout-close-relaunch', 'restore-session', 'default');
  const slow = auditTest('t4', 'logout-close-relaunch', 'restore-session', 'ie11');
  const reporter = new SummaryReporter({ outDir });
  reporter.onBegin(config, suiteOf([judged, worker, browser, slow]));
  reporter.onTestEnd(judged, verdictOf(judged, 'passed'));
  reporter.onTestEnd(worker, result('failed', { error: { message: 'Error: worker process exited unexpectedly (code=null, signal=SIGKILL)' } }));
  reporter.onTestEnd(browser, result('failed', { error: { message: 'browserType.launchPersistentContext: Target page, context or browser has been closed\nBrowser logs: …' } }));
  reporter.onTestEnd(slow, result('timedOut', { error: { message: 'Test timeout of 120000ms exceeded.' } }));
  reporter.onEnd({ status: 'failed' } as FullResult);

  const summary = readSummary(outDir);
  expect(summary.results).toHaveLength(4);
  expect(summary.results.map((e) => e.persona)).not.toContain('unknown');
  expect(entryFor(summary, 'default')).toMatchObject({ scenario: 'logout-revisit', verdict: 'passed' });
  expect(entryFor(summary, 'ie11')).toMatchObject({ scenario: 'logout-revisit', driver: 'playwright:chromium', verdict: 'broken', reason: expect.stringMatching(/^WORKER_DIED/) });
  expect(entryFor(summary, 'default', 'restore-session')).toMatchObject({ scenario: 'logout-close-relaunch', verdict: 'broken', reason: expect.stringMatching(/^BROWSER_DIED/) });
  expect(entryFor(summary, 'ie11', 'restore-session')).toMatchObject({ verdict: 'broken', reason: expect.stringMatching(/^TIMED_OUT/) });
  expect(summary.totals).toMatchObject({ passed: 1, broken: 3 });
  expect(summary.interrupted).toBeUndefined();
});

test('a planned test that never reported is broken: INTERRUPTED, and the summary marked interrupted, when the run was stopped', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'plan-'));
  const judged = auditTest('t1', 'logout-revisit', 'fresh-default', 'default');
  const running = auditTest('t2', 'logout-revisit', 'fresh-default', 'ie11');
  const never = auditTest('t3', 'logout-replay', 'fresh-default', 'default');
  const reporter = new SummaryReporter({ outDir });
  reporter.onBegin(config, suiteOf([judged, running, never]));
  reporter.onTestEnd(judged, verdictOf(judged, 'passed'));
  reporter.onTestEnd(running, result('interrupted'));
  reporter.onEnd({ status: 'interrupted' } as FullResult);

  const summary = readSummary(outDir);
  expect(summary.interrupted).toBe(true);
  expect(summary.results).toHaveLength(3);
  expect(entryFor(summary, 'ie11')).toMatchObject({ verdict: 'broken', reason: expect.stringMatching(/^INTERRUPTED/) });
  expect(summary.results.find((e) => e.scenario === 'logout-replay')).toMatchObject({ persona: 'default', verdict: 'broken', reason: expect.stringMatching(/^INTERRUPTED/) });
});

test('a runner killed outright leaves every unjudged run in summary.json as broken (it is written as the run goes)', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'plan-'));
  const judged = auditTest('t1', 'logout-revisit', 'fresh-default', 'default');
  const pending = auditTest('t2', 'logout-revisit', 'fresh-default', 'ie11');
  const reporter = new SummaryReporter({ outDir });
  reporter.onBegin(config, suiteOf([judged, pending]));
  reporter.onTestBegin();
  expect(readSummary(outDir).results.map((e) => e.verdict), 'written as soon as the first test starts').toEqual(['broken', 'broken']);
  reporter.onTestEnd(judged, verdictOf(judged, 'passed'));
  // no onEnd: the runner process was SIGKILLed

  const summary = readSummary(outDir);
  expect(summary.results).toHaveLength(2);
  expect(entryFor(summary, 'ie11')).toMatchObject({ verdict: 'broken' });
  expect(exitCodeFor(summary.results)).toBe(2);
});

test('Playwright skipping a test it never ran (a fatal error in its worker) is not a skip: it was not judged', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'plan-'));
  const massSkipped = auditTest('t1', 'logout-revisit', 'fresh-default', 'default');
  const declined = auditTest('t2', 'logout-revisit', 'fresh-default', 'ie11');
  const reporter = new SummaryReporter({ outDir });
  reporter.onBegin(config, suiteOf([massSkipped, declined]));
  reporter.onTestEnd(massSkipped, result('skipped'));
  reporter.onTestEnd(declined, result('skipped', { annotations: [{ type: 'skip', description: 'webkitgtk keeps no profile' }] }));
  reporter.onEnd({ status: 'failed' } as FullResult);

  const summary = readSummary(outDir);
  expect(entryFor(summary, 'default')).toMatchObject({ verdict: 'broken' });
  expect(entryFor(summary, 'ie11')).toMatchObject({ verdict: 'skipped', reason: 'webkitgtk keeps no profile' });
});

test('the exit code is computed over the plan: a planned run with no entry makes it 2', () => {
  const passed = { target: 'reference-portal', scenario: 'logout-revisit', browser: 'chromium', driver: 'playwright:chromium', preset: 'fresh-default', persona: 'default', engine: 'chromium', verdict: 'passed' as const, code: 'PASSED' as const, findings: [], durationMs: 1 };
  const missing = { ...passed, persona: 'ie11' };
  expect(exitCodeFor([passed], [passed, missing])).toBe(2);
  expect(exitCodeFor([passed], [passed])).toBe(0);
  // chromium through Selenium is another run of the same browser, not the Playwright one
  expect(exitCodeFor([passed], [passed, { ...passed, driver: 'selenium:chromium' }])).toBe(2);
});

test('listing the tests (playwright test --list: no test starts) leaves an earlier summary.json alone', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'plan-'));
  const reporter = new SummaryReporter({ outDir });
  reporter.onBegin(config, suiteOf([auditTest('t1', 'logout-revisit', 'fresh-default', 'default')]));
  reporter.onEnd({ status: 'passed' } as FullResult);
  expect(() => readSummary(outDir)).toThrow(/ENOENT/);
});

test('a run interrupted before any test started still enters its whole plan, INTERRUPTED', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'plan-'));
  const reporter = new SummaryReporter({ outDir });
  reporter.onBegin(config, suiteOf([auditTest('t1', 'logout-revisit', 'fresh-default', 'default')]));
  reporter.onEnd({ status: 'interrupted' } as FullResult);
  expect(readSummary(outDir)).toMatchObject({ interrupted: true, results: [{ verdict: 'broken', code: 'INTERRUPTED', reason: expect.stringMatching(/^INTERRUPTED/) }] });
});
