import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { isAuditTest, lostRun, plannedRun, readVerdict, unreportedCause, type PlannedRun } from './read-verdict';
import { byRun, toEntry, totals, writeSummary, type Summary, type SummaryEntry } from './summary';
import type { SummaryScope } from './summary-scope';

/** What playwright.config.ts passes in from the run's settings (audit/settings.ts). */
export interface SummaryReporterOptions {
  outDir?: string;
  /** The audited portals' names (AUDIT_TARGET_NAME); default the embedded reference portal. */
  target?: string;
  /** The defects the embedded portal was started with (AUDIT_PORTAL_DEFECTS). */
  portalDefects?: string[];
  /** Which plan and shard this run is (the CLI's AUDIT_SCOPE), so a merge can tell a missing shard; none by hand. */
  scope?: SummaryScope;
}

/**
 * Writes <out>/summary.json from the audit tests' verdicts (not from self-tests of defects), over the whole
 * plan: every audit test of the suite (known from onBegin) has an entry, and one that never reported (its
 * worker died before it began, the run was interrupted or cut by the global timeout) is broken with the
 * cause. The file is rewritten after every test, so even a runner killed outright leaves every unjudged run
 * written down as broken, never absent.
 */
export default class SummaryReporter implements Reporter {
  private readonly outDir: string;
  /** By test id: every planned audit test of this run (this shard's share with --shard). */
  private readonly planned = new Map<string, PlannedRun>();
  /** By test id: a later attempt replaces an earlier one, so retries are never counted twice. */
  private readonly entries = new Map<string, SummaryEntry>();
  private readonly startedAt = new Date().toISOString();
  private readonly target: string;
  private readonly portalDefects: string[];
  private readonly scope: SummaryScope | undefined;

  constructor(options: SummaryReporterOptions = {}) {
    this.outDir = options.outDir ?? 'out';
    this.target = options.target ?? 'reference-portal';
    this.portalDefects = options.portalDefects ?? [];
    this.scope = options.scope;
  }

  /** Whether any test started: `playwright test --list` starts none and must not overwrite a real summary. */
  private began = false;

  onBegin(_config: FullConfig, suite: Suite): void {
    for (const test of suite.allTests().filter(isAuditTest)) this.planned.set(test.id, plannedRun(test));
  }

  onTestBegin(): void {
    if (this.began) return;
    this.began = true;
    this.write(undefined); // from now on summary.json lists the whole plan
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (!isAuditTest(test)) return;
    let entry: SummaryEntry;
    try {
      entry = toEntry(readVerdict(test, result));
    } catch (error) {
      // A verdict this reporter cannot read is still this run's, and undecided.
      entry = toEntry(lostRun(plannedRun(test), 'NOT_RUN', `its verdict could not be read: ${(error as Error).message}`, result.duration));
    }
    this.entries.set(test.id, entry);
    this.write(undefined);
  }

  onEnd(result: FullResult): void {
    // A run stopped before any test began (interrupted, cut by the global timeout) still owes its plan.
    if (this.began || this.entries.size > 0 || result.status !== 'passed') this.write(result.status);
  }

  /** The summary as it stands: `status` undefined while the run goes on. */
  private write(status: FullResult['status'] | undefined): void {
    const entries = [...this.entries.values()];
    const cause = unreportedCause(status);
    const pending = status === undefined ? 'the audit had not finished when this summary was written' : undefined;
    for (const [id, run] of this.planned) {
      if (!this.entries.has(id)) entries.push(toEntry(lostRun(run, cause, pending, 0)));
    }
    if (entries.length === 0) return;
    const summary: Summary = {
      startedAt: this.startedAt,
      finishedAt: new Date().toISOString(),
      target: this.target,
      portalDefects: this.portalDefects,
      ...(this.scope ? { scope: this.scope } : {}),
      ...(status === 'interrupted' ? { interrupted: true } : {}),
      totals: totals(entries),
      results: entries.sort(byRun),
    };
    writeSummary(this.outDir, summary);
  }

  printsToStdio(): boolean {
    return false;
  }
}
