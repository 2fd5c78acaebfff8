import type { FullConfig, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { readVerdict } from './read-verdict';

const MARK = { passed: 'PASS  ', failed: 'FINDING', broken: 'BROKEN', skipped: 'SKIP  ' } as const;

/** Live progress for the audit CLI: one line per scenario run as it ends, with its verdict. */
export default class ProgressReporter implements Reporter {
  private total = 0;
  private done = 0;

  onBegin(config: FullConfig, suite: Suite): void {
    this.total = suite.allTests().length;
    console.log(`logout-audit: ${this.total} scenario runs on ${config.workers} worker(s)`);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.done += 1;
    if (!test.annotations.some((a) => a.type === 'audit-result')) return;
    const v = readVerdict(test, result);
    const seconds = (result.duration / 1000).toFixed(1);
    const counter = `[${String(this.done).padStart(String(this.total).length)}/${this.total}]`;
    console.log(`${counter} ${MARK[v.verdict]} ${v.scenario} · ${v.browser} · ${v.preset} · ${v.persona} (${seconds}s)`);
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
