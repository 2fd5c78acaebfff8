import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineOf } from '../drivers/audit-browsers';
import { personaById } from '../drivers/personas';
import type { Finding, ResultCode, Verdict } from '../scenarios/verdict';
import type { AuditRunResult } from './read-verdict';
import type { SummaryScope } from '../audit/scope';
import type { AcceptanceMark, AcceptanceReport, FailOn } from './acceptances';
import type { ChangeMark, ChangesSince } from './changes';

/** out/summary.json: one entry per (target, scenario, browser, preset, persona), for CI and scripts. */
export interface SummaryEntry {
  /** The name the target declares (the report's epic): one run may audit several targets. */
  target: string;
  scenario: string;
  browser: string;
  driver: string;
  preset: string;
  persona: string;
  /** Who really rendered it: a real IE on a grid node, or e.g. "chromium sending the ie11 User-Agent (a persona …)". */
  engine: string;
  verdict: Verdict;
  /** The stable code of the result (scenarios/verdict.ts ResultCode): what CI and scripts branch on. */
  code: ResultCode;
  findings: Pick<Finding, 'code' | 'message' | 'expected' | 'seen'>[];
  reason?: string;
  durationMs: number;
  /** Against the previous run of the same plan (reports/changes.ts); absent before the CLI compared. */
  change?: ChangeMark;
  /** The owner's unexpired acceptances of this entry's findings (reports/acceptances.ts). */
  accepted?: AcceptanceMark[];
}

export interface Summary {
  startedAt: string;
  finishedAt: string;
  /** The target's name; with several targets, their names joined by ", " (each entry names its own). */
  target: string;
  portalDefects: string[];
  /** Which plan this summary is of, and which shard of it: what a merge checks (absent before this version). */
  scope?: SummaryScope;
  /** Present and true when the audit was stopped (Ctrl-C, SIGTERM): the runs not judged are broken INTERRUPTED. */
  interrupted?: boolean;
  /**
   * Present when the audit itself failed after its runs (a full disk, a report that could not be built): what
   * went wrong, in one line. The audit then exits 2 whatever the results say: they are not a whole audit.
   */
  harnessFailure?: string;
  totals: Record<Verdict, number>;
  /** What changed since the previous run of the same plan (absent from a shard's or an older summary). */
  changes?: ChangesSince;
  /** The accepted-findings files of the run, and which acceptances were used, have expired, or were not used. */
  acceptances?: AcceptanceReport;
  /** Which findings fail the gate: any (the default), or only new ones (--fail-on new). */
  failOn?: FailOn;
  results: SummaryEntry[];
}

export function toEntry(result: AuditRunResult): SummaryEntry {
  return {
    target: result.target,
    scenario: result.scenario,
    browser: result.browser,
    driver: result.driver,
    preset: result.preset,
    persona: result.persona,
    engine: engineOfRun(result.browser, result.persona),
    verdict: result.verdict,
    code: result.code ?? codeOfOlderResult(result),
    findings: result.findings.map(({ code, message, expected, seen }) => ({ code, message, expected, seen })),
    ...(result.reason ? { reason: result.reason } : {}),
    durationMs: result.durationMs,
  };
}

/** A result attached by a version before codes: its verdict's general code, never a guess from its wording. */
function codeOfOlderResult(result: AuditRunResult): ResultCode {
  if (result.verdict === 'failed') return result.findings[0]?.code ?? 'HARNESS_ERROR';
  return { passed: 'PASSED', skipped: 'NOT_APPLICABLE', broken: 'HARNESS_ERROR' }[result.verdict] as ResultCode;
}

/** A persona this version does not know (an old or hand-edited result) names the browser alone, never throws. */
function engineOfRun(browser: string, persona: string): string {
  try {
    return engineOf(browser, personaById(persona));
  } catch {
    return browser;
  }
}

/** One planned run: what identifies an entry of the summary. */
export type RunKey = Pick<SummaryEntry, 'target' | 'scenario' | 'browser' | 'driver' | 'preset' | 'persona'>;

/**
 * Driver included: chromium through Playwright and through Selenium are two runs of the same browser; target
 * first: the same scenario against two portals of one run is two runs.
 */
export function runKey(run: RunKey): string {
  return `${run.target} · ${run.scenario} · ${run.driver} · ${run.preset} · ${run.persona}`;
}

/** The planned runs that have no entry: each one is a run nobody judged. */
export function missingRuns<T extends RunKey>(planned: T[], entries: RunKey[]): T[] {
  const have = new Set(entries.map(runKey));
  return planned.filter((run) => !have.has(runKey(run)));
}

/** The order of summary.json's results: by target, scenario, then driver, preset and persona. */
export function byRun(a: RunKey, b: RunKey): number {
  return runKey(a).localeCompare(runKey(b));
}

/**
 * The summary with an entry added for every planned run it lacks (`lost`: each as broken with its cause), and
 * marked interrupted when the audit was stopped: what the CLI writes back before it decides the exit code.
 */
export function completeSummary(summary: Summary, lost: SummaryEntry[], interrupted: boolean): Summary {
  const results = [...summary.results, ...lost].sort(byRun);
  return { ...summary, ...(interrupted || summary.interrupted ? { interrupted: true } : {}), totals: totals(results), results };
}

/** Written whole or not at all (a reader never sees half a file): a temp file renamed over summary.json. */
export function writeSummary(outDir: string, summary: Summary): void {
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, 'summary.json');
  writeFileSync(`${path}.tmp`, `${JSON.stringify(summary, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

export function totals(entries: SummaryEntry[]): Record<Verdict, number> {
  const out: Record<Verdict, number> = { passed: 0, failed: 0, broken: 0, skipped: 0 };
  for (const e of entries) out[e.verdict] += 1;
  return out;
}

/**
 * The gate, over the plan: 0 all passed (or skipped with a reason), 1 any finding, 2 anything the harness could
 * not decide, including a planned run that has no entry at all (its verdict never arrived). `failsGate` says
 * which findings count (reports/acceptances.ts: not an accepted one, only new ones with --fail-on new).
 */
export function exitCodeFor(entries: SummaryEntry[], planned: RunKey[] = entries, failsGate: (entry: SummaryEntry) => boolean = () => true): 0 | 1 | 2 {
  if (entries.some((e) => e.verdict === 'failed' && failsGate(e))) return 1;
  if (entries.some((e) => e.verdict === 'broken')) return 2;
  if (missingRuns(planned, entries).length > 0) return 2;
  if (entries.length === 0) return 2; // nothing ran: nothing was proven
  return 0;
}
