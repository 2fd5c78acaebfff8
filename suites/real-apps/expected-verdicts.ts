import { expect, test } from '@playwright/test';
import type { ScenarioId } from '../../scenarios/catalogue';
import type { FindingCode, ScenarioResult, Verdict } from '../../scenarios/verdict';
import { resultsWithSharedRound, type ForeignPortal } from '../foreign/foreign-audit';
import { sharedRoundOf } from '../../scenarios/shared-round';

// A real application's expected verdicts, written from its own source before its first audit: every scenario
// of the catalogue, each with its reasons (file and line of the installed application). Its own weaknesses
// are findings the suite expects, never something to hide. The spec audits every scenario not left out (each
// left-out one says why) and compares the verdict, the distinct finding codes and, for a skip, its reason.

/** One line of the application's source that decides a verdict. */
export interface SourceReason {
  file: string;
  /** A line or a range, "1523-1528", or several, "75,112". */
  line: string;
  why: string;
}

export interface AppExpectation {
  verdict: Verdict;
  /** The distinct finding codes; [] unless failed. */
  codes: FindingCode[];
  /** What the run's reason (a skip's, a broken run's) or its findings (message and `seen`) must say. */
  reason?: RegExp;
  because: SourceReason[];
  /** Not audited, and why: its question is another run's here, or the target's declarations skip it. */
  leftOut?: string;
  /**
   * The class of harness fault that makes today's run of this scenario wrong, being fixed by another change:
   * the test stays, marked fixme, and runs again once the mark is removed.
   */
  harnessGap?: string;
}

export type AppExpectations = Record<ScenarioId, AppExpectation>;

/** What one audit is compared by: the verdict, the distinct codes, and everything it said. */
function observed(result: ScenarioResult) {
  return {
    verdict: result.verdict,
    codes: [...new Set(result.findings.map((f) => f.code))].sort(),
    said: [result.reason ?? '', ...result.findings.map((f) => `${f.message}: ${f.seen}`)].join('\n'),
  };
}

const reasons = (e: AppExpectation) => e.because.map((b) => `${b.file}:${b.line} ${b.why}`).join('\n');

/**
 * The tests of one real application. `notInstalled` says why the application cannot run here (its packages
 * are missing): the tests are skipped with that hint, never failed.
 */
export function realAppTests<D extends string>(
  name: string,
  portal: () => ForeignPortal<D>,
  expected: AppExpectations,
  notInstalled: () => string | undefined,
): void {
  const entries = Object.entries(expected) as [ScenarioId, AppExpectation][];
  // The members of the shared round the audit plays (scenarios/shared-round.ts) come from one round against one
  // start of the application, as an audit plays them: the expectations written from its source hold there too.
  const round = sharedRoundOf(entries.filter(([, want]) => !want.leftOut && !want.harnessGap).map(([id]) => id));
  const resultOf = resultsWithSharedRound(portal, round);
  const appTest = (id: ScenarioId, want: AppExpectation) => {
    const title = `${name} ${id}: ${want.verdict}${want.codes.length ? ` with ${[...want.codes].sort().join(', ')}` : ''}`;
    if (want.harnessGap) {
      test.fixme(`${title} (harness being fixed: ${want.harnessGap})`, () => {});
      return;
    }
    test(title, async () => {
      // Fail-closed: npm test installs the application (scripts/setup.sh --with-real-apps); one that is missing
      // is a setup that went wrong, never a skip that leaves the suite green with nothing proven.
      expect(notInstalled(), 'run scripts/setup.sh --with-real-apps').toBeUndefined();
      const result = observed(await resultOf(id));
      expect({ verdict: result.verdict, codes: result.codes }, `seen: ${result.said}\nexpected because:\n${reasons(want)}`).toEqual({
        verdict: want.verdict,
        codes: [...want.codes].sort(),
      });
      if (want.reason) expect(result.said).toMatch(want.reason);
    });
  };
  test.describe(name, () => {
    // The round's tests in order in one worker: the first plays it, the others read its results.
    test.describe(() => {
      test.describe.configure({ mode: 'default' });
      for (const [id, want] of entries) if (round.includes(id)) appTest(id, want);
    });
    for (const [id, want] of entries) if (!want.leftOut && !round.includes(id)) appTest(id, want);
  });
}
