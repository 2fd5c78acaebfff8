import { expect, test } from '@playwright/test';
import { shareOf } from '../../cli/planned-runs';
import { mergeSummaries, type Shard } from '../../reports/merge-runs';
import { totals, type Summary, type SummaryEntry } from '../../reports/summary';
import { scopeOf } from '../../reports/summary-scope';

// A merge of shards takes the whole set of one audit or nothing: each shard's summary.json says which plan it
// is of and which share, so two of three shards, a share given twice or shards of two audits are refused.
// Whole runs (no --shard) may still be merged freely. The CLI spec (suites/report/merge-shards.spec.ts)
// proves the same on real shards; this covers every refusal without a browser.

const entry = (scenario: string, target = 'reference-portal'): SummaryEntry => ({
  target, scenario, browser: 'chromium', driver: 'playwright:chromium', preset: 'fresh-default', persona: 'default', engine: 'chromium', verdict: 'passed', code: 'PASSED', findings: [], durationMs: 1,
});

const plan = ['logout-revisit', 'logout-replay', 'session-rotation'].map((s) => entry(s));
const otherPlan = ['logout-revisit', 'logout-replay', 'cookie-attributes'].map((s) => entry(s));

/** The folder of shard `shard` ('' for a whole run) of the plan `runs`, holding that share's entries. */
function folder(dir: string, runs: SummaryEntry[], shard: string, overrides: Partial<Summary> = {}): Shard {
  const results = shard ? shareOf(runs, shard) : runs;
  const summary: Summary = { startedAt: '', finishedAt: '', target: 'reference-portal', portalDefects: [], scope: scopeOf(runs, [], shard), totals: totals(results), results, ...overrides };
  return { dir, summary };
}

test('every shard of one plan, each once, merges into that whole plan', () => {
  const merged = mergeSummaries([folder('a', plan, '1/2'), folder('b', plan, '2/2')]);
  expect(merged.results).toHaveLength(3);
  expect(merged.scope).toEqual(scopeOf(plan, [], ''));
});

test('whole runs of different plans (no --shard) still merge', () => {
  const firefox = plan.map((e) => ({ ...e, browser: 'firefox', driver: 'playwright:firefox' }));
  expect(mergeSummaries([folder('chromium', plan, ''), folder('firefox', firefox, '')]).results).toHaveLength(6);
});

test('a missing shard is refused, naming it and the shards given', () => {
  expect(() => mergeSummaries([folder('a', plan, '1/3'), folder('b', plan, '2/3')])).toThrow(/^shard 3\/3 of plan \w+ is missing \(given: shard 1\/3 from a, shard 2\/3 from b\): give all 3 shards/);
});

test('a shard given twice is refused', () => {
  expect(() => mergeSummaries([folder('a', plan, '1/2'), folder('a-again', plan, '1/2'), folder('b', plan, '2/2')])).toThrow(/^shard 1\/2 is given twice \(a and a-again\)/);
});

test('shards of two plans, or of one plan cut into different numbers, are refused', () => {
  expect(() => mergeSummaries([folder('a', plan, '1/2'), folder('b', otherPlan, '2/2')])).toThrow(/a is shard 1\/2 of plan \w+, b is shard 2\/2 of plan \w+: shards of different audits/);
  expect(() => mergeSummaries([folder('a', plan, '1/2'), folder('b', plan, '2/3'), folder('c', plan, '3/3')])).toThrow(/shards of different audits/);
  // the same scenarios with other portal defects are another audit
  const defects = folder('b', plan, '2/2');
  defects.summary.scope = scopeOf(plan, ['rp-logout-local-only'], '2/2');
  expect(() => mergeSummaries([folder('a', plan, '1/2'), defects])).toThrow(/shards of different audits/);
});

test('a summary.json without its plan and shard (an older version) is refused', () => {
  expect(() => mergeSummaries([folder('old', plan, '', { scope: undefined })])).toThrow(/old\/summary.json does not say which audit plan and shard it is of/);
});

test('complete shards whose entries are not the plan they claim are refused', () => {
  const short = folder('b', plan, '2/2');
  short.summary.results = short.summary.results.slice(1);
  expect(() => mergeSummaries([folder('a', plan, '1/2'), short])).toThrow(/are not that plan's 3/);
});
