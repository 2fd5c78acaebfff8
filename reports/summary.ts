import { engineOf, personaById } from '../drivers/personas';
import type { Finding, ScenarioResult, Verdict } from '../scenarios/verdict';

/** out/summary.json: one entry per (scenario, browser, preset, persona), for CI and scripts. */
export interface SummaryEntry {
  scenario: string;
  browser: string;
  driver: string;
  preset: string;
  persona: string;
  /** Who really rendered it: a real IE on a grid node, or e.g. "chromium sending the ie11 User-Agent (a persona …)". */
  engine: string;
  verdict: Verdict;
  findings: Pick<Finding, 'code' | 'message' | 'expected' | 'seen'>[];
  reason?: string;
  durationMs: number;
}

export interface Summary {
  startedAt: string;
  finishedAt: string;
  target: string;
  portalDefects: string[];
  totals: Record<Verdict, number>;
  results: SummaryEntry[];
}

export function toEntry(result: ScenarioResult): SummaryEntry {
  return {
    scenario: result.scenario,
    browser: result.browser,
    driver: result.driver,
    preset: result.preset,
    persona: result.persona,
    engine: engineOf(result.browser, personaById(result.persona)),
    verdict: result.verdict,
    findings: result.findings.map(({ code, message, expected, seen }) => ({ code, message, expected, seen })),
    ...(result.reason ? { reason: result.reason } : {}),
    durationMs: result.durationMs,
  };
}

export function totals(entries: SummaryEntry[]): Record<Verdict, number> {
  const out: Record<Verdict, number> = { passed: 0, failed: 0, broken: 0, skipped: 0 };
  for (const e of entries) out[e.verdict] += 1;
  return out;
}

/** The gate: 0 all passed (or skipped with a reason), 1 any finding, 2 anything the harness could not decide. */
export function exitCodeFor(entries: SummaryEntry[]): 0 | 1 | 2 {
  if (entries.some((e) => e.verdict === 'failed')) return 1;
  if (entries.some((e) => e.verdict === 'broken')) return 2;
  if (entries.length === 0) return 2; // nothing ran: nothing was proven
  return 0;
}
