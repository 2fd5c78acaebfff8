import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditBrowserById } from '../drivers/audit-browsers';
import { lostRun, plannedRunOf, type PlannedRun } from '../reports/read-verdict';
import { completeSummary, missingRuns, toEntry, totals, writeSummary, type Summary } from '../reports/summary';
import type { SummaryScope } from '../reports/summary-scope';
import { planGroups, type PlannedRun as PlanItem } from '../audit/plan';
import { EMBEDDED_TARGET, type AuditTarget } from '../targets/audit-targets';

// What the audit must have judged when Playwright ends: the plan (scenarios x presets x personas) against every
// target in every browser asked for, narrowed to this machine's share with --shard. The exit code is computed over this list,
// not over whatever results happened to arrive.

/**
 * The I-th of N shares of `groups`, as Playwright cuts a suite (runner filterForShard, equal weights): each
 * share gets floor(tests / N) tests and the first (tests mod N) shares one more, counted in project order then
 * declaration order, and a group of tests that run in order in one worker (a shared round's runs,
 * suites/audit.spec.ts) goes whole to the share its first test falls in.
 */
export function shareOfGroups<T>(groups: readonly (readonly T[])[], shard: string): T[] {
  const [current, total] = shard.split('/').map(Number) as [number, number];
  const tests = groups.reduce((n, g) => n + g.length, 0);
  const sizes = Array.from({ length: total }, (_, i) => Math.floor(tests / total) + (i < tests % total ? 1 : 0));
  const from = sizes.slice(0, current - 1).reduce((a, b) => a + b, 0);
  const to = from + (sizes[current - 1] ?? 0);
  let position = 0;
  return groups.flatMap((group) => {
    const start = position;
    position += group.length;
    return start >= from && start < to ? [...group] : [];
  });
}

/** The I-th of N shares of `items`, each test a group of its own (a fully parallel suite). */
export function shareOf<T>(items: readonly T[], shard: string): T[] {
  return shareOfGroups(items.map((item) => [item]), shard);
}

/**
 * Every run the audit plans, in the order Playwright runs its projects (playwright.config.ts: target by target,
 * then --browsers order) and, within one, its tests (audit/plan.ts planGroups); `shard` '' for the whole plan.
 */
export function plannedRuns(plan: PlanItem[], browserIds: string[], shard: string, gridUrl: string | undefined, targets: Pick<AuditTarget, 'name'>[] = [EMBEDDED_TARGET]): PlannedRun[] {
  const groups = targets.flatMap((target) =>
    browserIds.flatMap((id) => {
      const { backend, browser } = auditBrowserById(id);
      return planGroups(plan).map((group) => group.map((run) => plannedRunOf(target.name, backend, browser, run.scenario.id, run.preset, run.persona, gridUrl)));
    }),
  );
  return shard ? shareOfGroups(groups, shard) : groups.flat();
}

function readSummary(path: string): Summary | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Summary;
  } catch {
    return undefined; // unreadable: as if absent, every planned run is then entered as broken
  }
}

export interface SummaryOverPlan {
  summary: Summary;
  /** Whether Playwright's reporter wrote a summary at all (false: it never reported anything). */
  reported: boolean;
}

/**
 * Reads <out>/summary.json and writes it back with every planned run it lacks entered as broken (INTERRUPTED
 * when the audit was stopped, else NOT_RUN with Playwright's exit), and `interrupted: true` when stopped.
 * Undefined only when nothing was planned and nothing reported.
 */
/** The run's facts for a summary Playwright never wrote (from the CLI's settings and the scope it computed). */
export interface RunFacts {
  /** The audited portals' names; undefined = the embedded reference portal. */
  target: string | undefined;
  portalDefects: string[];
  scope: SummaryScope | undefined;
}

/**
 * `unfit`: the targets the audit's opening check found unfit (cli/audit-target-check.ts), by name, with why:
 * their runs were never started and are entered broken TARGET_CHECK_FAILED with that reason.
 */
export function summaryOverPlan(
  outDir: string,
  planned: PlannedRun[],
  interrupted: boolean,
  playwrightExit: number,
  run: RunFacts,
  unfit: ReadonlyMap<string, string> = new Map(),
): SummaryOverPlan | undefined {
  const found = readSummary(join(outDir, 'summary.json'));
  if (!found && planned.length === 0) return undefined;
  const now = new Date().toISOString();
  const base: Summary = found ?? {
    startedAt: now,
    finishedAt: now,
    target: run.target ?? 'reference-portal',
    portalDefects: run.portalDefects,
    totals: totals([]),
    results: [],
  };
  const detail = `Playwright exited with ${playwrightExit} without reporting it`;
  const lost = missingRuns(planned, base.results).map((run) => {
    const why = unfit.get(run.target);
    return toEntry(why !== undefined ? lostRun(run, 'TARGET_CHECK_FAILED', why, 0) : lostRun(run, interrupted ? 'INTERRUPTED' : 'NOT_RUN', detail, 0));
  });
  const { scope } = run;
  const summary = completeSummary({ ...base, ...(scope ? { scope } : {}) }, lost, interrupted);
  writeSummary(outDir, summary);
  return { summary, reported: found !== undefined };
}
