import { z } from 'zod';
import type { Verdict } from '../scenarios/verdict';
import { runKey, type SummaryEntry } from './summary';

// What changed since the previous run of the same plan. A nightly audit helps only when the morning after a
// change someone sees "this is new since last night": each result is compared with the same run (target,
// scenario, driver, preset, persona) of the previous run, and marked.

/**
 * How a result stands against the previous run:
 * - `new`: a finding the previous run did not have (that run passed, could not decide, or had other codes);
 *   with no previous run at all, every finding is new (fail-closed for `--fail-on new`);
 * - `still`: the same finding codes as before, or a run that was undecided before too, or nothing changed;
 * - `fixed`: the previous run had a finding, this one positively passed;
 * - `newly undecided`: the harness could not decide (broken), or no longer checks (skipped) what it decided before.
 */
export const changeMarks = ['new', 'still', 'fixed', 'newly undecided'] as const;
export type ChangeMark = (typeof changeMarks)[number];

/** A run of the previous audit, as much of it as a comparison needs. */
export const baselineRunSchema = z.object({
  target: z.string(),
  scenario: z.string(),
  browser: z.string(),
  driver: z.string(),
  preset: z.string(),
  persona: z.string(),
  verdict: z.enum(['passed', 'failed', 'broken', 'skipped']),
  codes: z.array(z.string()),
});
export type BaselineRun = z.infer<typeof baselineRunSchema>;

/** What the previous run of a plan left for the next one to compare with. */
export const baselineSchema = z.object({
  /** When the run this baseline is of finished (the "since" of "Changes since"). */
  finishedAt: z.string(),
  /** The plan's identity (reports/summary-scope.ts), or undefined for an older summary without a scope. */
  plan: z.string().optional(),
  results: z.array(baselineRunSchema),
});
export type Baseline = z.infer<typeof baselineSchema>;

/** The change line of summary.json: against which run, and how many of each mark. */
export interface ChangesSince {
  /** When the compared run finished; undefined when there was none (the first run of this plan). */
  since?: string;
  /** Where the compared run came from (a file), or why there was none. */
  baseline: string;
  counts: Record<ChangeMark, number>;
}

const findingCodes = (entry: Pick<SummaryEntry, 'findings'>) => entry.findings.map((f) => f.code);

/** The mark of one result, given the same run of the previous audit (undefined: that run was not in it). */
export function changeOf(now: { verdict: Verdict; codes: string[] }, before: { verdict: Verdict; codes: string[] } | undefined): ChangeMark {
  switch (now.verdict) {
    case 'failed':
      if (before?.verdict !== 'failed') return 'new';
      return now.codes.every((code) => before.codes.includes(code)) ? 'still' : 'new';
    case 'passed':
      return before?.verdict === 'failed' ? 'fixed' : 'still';
    case 'broken':
      return before?.verdict === 'broken' ? 'still' : 'newly undecided';
    case 'skipped':
      // A finding no longer checked is not fixed: nobody positively saw it gone.
      return before?.verdict === 'failed' ? 'newly undecided' : 'still';
  }
}

/** Every entry marked against `baseline` (undefined: no previous run, so every finding is new). */
export function markChanges<T extends SummaryEntry>(entries: T[], baseline: Baseline | undefined): (T & { change: ChangeMark })[] {
  const before = new Map((baseline?.results ?? []).map((run) => [runKey(run), run]));
  return entries.map((entry) => ({ ...entry, change: changeOf({ verdict: entry.verdict, codes: findingCodes(entry) }, before.get(runKey(entry))) }));
}

export function countChanges(entries: { change?: ChangeMark }[]): Record<ChangeMark, number> {
  const counts: Record<ChangeMark, number> = { new: 0, still: 0, fixed: 0, 'newly undecided': 0 };
  for (const e of entries) if (e.change) counts[e.change] += 1;
  return counts;
}

/** Whether anything is worth telling someone: a new finding, a fixed one, or a run that could no longer decide. */
export function somethingChanged(counts: Record<ChangeMark, number>): boolean {
  return counts.new + counts.fixed + counts['newly undecided'] > 0;
}

const toBaselineRun = (entry: SummaryEntry): BaselineRun => ({
  target: entry.target,
  scenario: entry.scenario,
  browser: entry.browser,
  driver: entry.driver,
  preset: entry.preset,
  persona: entry.persona,
  verdict: entry.verdict,
  codes: findingCodes(entry),
});

/**
 * What this run leaves for the next one. A run that could not decide tonight keeps the last decided verdict of
 * that run: a portal down for one night must not make every known finding "new" the night after.
 */
export function nextBaseline(entries: SummaryEntry[], finishedAt: string, plan: string | undefined, previous: Baseline | undefined): Baseline {
  const before = new Map((previous?.results ?? []).map((run) => [runKey(run), run]));
  const results = entries.map((entry) => {
    const earlier = before.get(runKey(entry));
    return entry.verdict === 'broken' && earlier && earlier.verdict !== 'broken' ? earlier : toBaselineRun(entry);
  });
  return { finishedAt, ...(plan ? { plan } : {}), results };
}

/** A previous output folder's summary.json as a baseline (--baseline DIR). */
export function baselineOfSummary(summary: { finishedAt: string; scope?: { plan: string }; results: SummaryEntry[] }): Baseline {
  return { finishedAt: summary.finishedAt, ...(summary.scope ? { plan: summary.scope.plan } : {}), results: summary.results.map(toBaselineRun) };
}

/** "2026-12-05 02:17 UTC": the previous run's end, as people read it in a summary, a label and a message. */
export function sinceText(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** One line: "Changes since 2026-12-05 02:17 UTC: 1 new, 0 fixed, 0 newly undecided, 7 still". */
export function describeChanges(changes: ChangesSince): string {
  const c = changes.counts;
  const counts = `${c.new} new, ${c.fixed} fixed, ${c['newly undecided']} newly undecided, ${c.still} still`;
  return changes.since ? `Changes since ${sinceText(changes.since)}: ${counts}` : `Changes: ${changes.baseline}; ${counts} (every finding counts as new)`;
}
