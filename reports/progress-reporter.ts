import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { isAuditTest, lostRun, plannedRun, readVerdict, unreportedCause, type AuditRunResult } from './read-verdict';

const MARK = { passed: 'PASS  ', failed: 'FINDING', broken: 'BROKEN', skipped: 'SKIP  ' } as const;

/**
 * Live progress for the audit CLI: one line per scenario run as it ends, with its verdict, and at the end one
 * line for every planned run that never reported (the summary counts it as broken).
 */
export default class ProgressReporter implements Reporter {
  private total = 0;
  private done = 0;
  private readonly unreported = new Map<string, TestCase>();
  /** A run of several targets names each line's target; a run of one says it once, in the summary. */
  private severalTargets = false;

  onBegin(config: FullConfig, suite: Suite): void {
    this.total = suite.allTests().length;
    for (const test of suite.allTests().filter(isAuditTest)) this.unreported.set(test.id, test);
    this.severalTargets = new Set([...this.unreported.values()].map((t) => plannedRun(t).target)).size > 1;
    console.log(`logout-audit: ${this.total} scenario runs on ${config.workers} worker(s)`);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.done += 1;
    if (!isAuditTest(test)) return;
    this.unreported.delete(test.id);
    this.print(readVerdict(test, result), result.duration);
  }

  onEnd(result: FullResult): void {
    const cause = unreportedCause(result.status);
    for (const test of this.unreported.values()) this.print(lostRun(plannedRun(test), cause, undefined, 0), 0);
  }

  private print(v: AuditRunResult, durationMs: number): void {
    const seconds = (durationMs / 1000).toFixed(1);
    const counter = `[${String(this.done).padStart(String(this.total).length)}/${this.total}]`;
    const target = this.severalTargets ? `${v.target} · ` : '';
    console.log(`${counter} ${MARK[v.verdict]} ${target}${v.scenario} · ${v.browser} · ${v.preset} · ${v.persona} (${seconds}s)`);
    for (const f of v.findings) console.log(`        ${f.code}: ${f.message}`);
    if (v.verdict === 'broken' || v.verdict === 'skipped') console.log(`        ${v.reason ?? ''}`);
  }

  onError(error: { message?: string }): void {
    console.error(`logout-audit: ${error.message?.split('\n')[0] ?? 'error'}`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
