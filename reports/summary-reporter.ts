import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FullConfig, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { readVerdict } from './read-verdict';
import { toEntry, totals, type Summary, type SummaryEntry } from './summary';

/** Writes <out>/summary.json from the audit tests' verdicts (not from self-tests of defects). */
export default class SummaryReporter implements Reporter {
  private readonly outDir: string;
  /** By test id: a later attempt replaces an earlier one, so retries are never counted twice. */
  private readonly entries = new Map<string, SummaryEntry>();
  private readonly startedAt = new Date().toISOString();

  constructor(options: { outDir?: string } = {}) {
    this.outDir = options.outDir ?? 'out';
  }

  onBegin(_config: FullConfig): void {}

  onTestEnd(test: TestCase, result: TestResult): void {
    if (!test.annotations.some((a) => a.type === 'audit-result')) return;
    this.entries.set(test.id, toEntry(readVerdict(test, result)));
  }

  onEnd(): void {
    const entries = [...this.entries.values()];
    if (entries.length === 0) return;
    const summary: Summary = {
      startedAt: this.startedAt,
      finishedAt: new Date().toISOString(),
      target: process.env.AUDIT_TARGET_NAME ?? 'reference-portal',
      portalDefects: (process.env.AUDIT_PORTAL_DEFECTS ?? '').split(',').filter(Boolean),
      totals: totals(entries),
      results: entries.sort((a, b) =>
        `${a.scenario}${a.browser}${a.preset}${a.persona}`.localeCompare(`${b.scenario}${b.browser}${b.preset}${b.persona}`),
      ),
    };
    mkdirSync(this.outDir, { recursive: true });
    writeFileSync(join(this.outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
