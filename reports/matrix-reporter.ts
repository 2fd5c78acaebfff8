import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { defectCatalogue } from '../portal/defects';
import { DEFECT_ANNOTATION, type DefectExpectation, type DefectMatrix } from './defect-matrix';
import { readVerdict } from './read-verdict';

/**
 * Writes <out>/defect-matrix.json from a self-test run: per catalogued defect, every run that caught it, and
 * the findings of the audit of the clean portal (which must be none).
 */
export default class MatrixReporter implements Reporter {
  private readonly outDir: string;
  private readonly expectations = new Map<string, DefectExpectation[]>();
  private readonly cleanRuns = new Map<string, DefectMatrix['clean']['findings']>();

  /** Whether the audit tests of this run audit the clean portal (no AUDIT_PORTAL_DEFECTS): their findings are false ones. */
  private readonly cleanPortal: boolean;

  constructor(options: { outDir?: string; portalDefects?: string[] } = {}) {
    this.outDir = options.outDir ?? 'out';
    this.cleanPortal = (options.portalDefects ?? []).length === 0;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    // Runtime annotations show up on the result and, in recent Playwright versions, on the test too.
    const descriptions = new Set(
      [...test.annotations, ...result.annotations].filter((a) => a.type === DEFECT_ANNOTATION && a.description).map((a) => a.description ?? ''),
    );
    const recorded = [...descriptions].map((d) => JSON.parse(d) as DefectExpectation);
    if (recorded.length > 0) this.expectations.set(test.id, recorded);
    const isCleanAudit = test.annotations.some((a) => a.type === 'audit-result') && this.cleanPortal;
    if (isCleanAudit && result.status !== 'skipped') {
      const verdict = readVerdict(test, result);
      this.cleanRuns.set(
        test.id,
        verdict.findings.map((f) => ({ scenario: verdict.scenario, browser: verdict.browser, preset: verdict.preset, persona: verdict.persona, code: f.code, message: f.message })),
      );
    }
  }

  onEnd(): void {
    if (this.expectations.size === 0) return; // no defect spec ran: nothing to tabulate
    const all = [...this.expectations.values()].flat();
    const matrix: DefectMatrix = {
      generatedAt: new Date().toISOString(),
      defects: defectCatalogue.map(({ id }) => {
        const mine = all.filter((e) => e.defect === id);
        const strip = ({ scenario, browser, preset, persona, code }: DefectExpectation) => ({ scenario, browser, preset, persona, code });
        return {
          id,
          caught: mine.some((e) => e.caught),
          caughtBy: mine.filter((e) => e.caught).map(strip),
          missed: mine.filter((e) => !e.caught).map((e) => ({ ...strip(e), expected: true as const })),
        };
      }),
      clean: { runs: this.cleanRuns.size, findings: [...this.cleanRuns.values()].flat() },
    };
    mkdirSync(this.outDir, { recursive: true });
    writeFileSync(join(this.outDir, 'defect-matrix.json'), `${JSON.stringify(matrix, null, 2)}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
