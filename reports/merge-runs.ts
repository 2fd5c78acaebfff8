import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditError } from '../errors/audit-error';
import { MANIFEST_NAME, manifestProblems } from './manifest';
import { byRun, runKey, totals, type Summary } from './summary';
import { describeScope, planIdentity, scopeOf, type SummaryScope } from './summary-scope';

// Several output folders of one audit (the shards of `--shard I/N` on CI machines, or runs in different
// browsers) brought together into one: one summary, one set of Allure results, one report. Evidence is merged
// only when it is intact: each folder must still match its own manifest, so a tampered shard is refused
// before anything of it is copied.

/** Why the folders cannot be merged; the merge writes nothing and exits 2. */
export class MergeRefused extends AuditError {
  readonly code = 'MERGE_REFUSED';
}

export interface Shard {
  dir: string;
  summary: Summary;
}

/** Checks one folder: its manifest verifies (`key`: the settings' AUDIT_SIGNING_KEY, as for verify), and it holds a summary and results. */
export function readShard(dir: string, key: string | undefined): Shard {
  if (!existsSync(join(dir, MANIFEST_NAME))) {
    throw new MergeRefused(`${dir} has no ${MANIFEST_NAME}: only the output folder of a finished audit can be merged`);
  }
  const problems = manifestProblems(dir, key);
  if (problems.length > 0) {
    throw new MergeRefused(`${dir} does not match its manifest, so its evidence cannot be trusted: ${problems.join('; ')} (logout-audit verify ${dir} lists it all)`);
  }
  if (!existsSync(join(dir, 'allure-results'))) throw new MergeRefused(`${dir} has no allure-results`);
  try {
    return { dir, summary: JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary };
  } catch (error) {
    throw new MergeRefused(`${dir}/summary.json cannot be read: ${(error as Error).message}`);
  }
}

/**
 * One summary over every shard. A run judged in two folders is refused rather than counted twice or one
 * verdict silently preferred: shards of one plan never overlap, so an overlap is the same folder given twice
 * or runs of two different plans.
 */
export function mergeSummaries(shards: Shard[]): Summary {
  checkShardsOfOnePlan(shards);
  const seen = new Map<string, string>();
  for (const { dir, summary } of shards) {
    for (const entry of summary.results) {
      const key = runKey(entry);
      const earlier = seen.get(key);
      if (earlier) throw new MergeRefused(`the run ${key} is in both ${earlier} and ${dir}: give each shard once, all from one plan`);
      seen.set(key, dir);
    }
  }
  const results = shards.flatMap((s) => s.summary.results).sort(byRun);
  const distinct = (values: string[]) => [...new Set(values)];
  const summaries = shards.map((s) => s.summary);
  return {
    startedAt: summaries.map((s) => s.startedAt).sort()[0] ?? new Date().toISOString(),
    finishedAt: summaries.map((s) => s.finishedAt).sort().at(-1) ?? new Date().toISOString(),
    target: distinct(summaries.map((s) => s.target)).join(', '),
    portalDefects: distinct(summaries.flatMap((s) => s.portalDefects)),
    // The merge is a whole run of the plan its results make up: it can itself be merged with other whole runs.
    scope: scopeOf(results, distinct(summaries.flatMap((s) => s.portalDefects)), ''),
    ...(summaries.some((s) => s.interrupted) ? { interrupted: true } : {}),
    totals: totals(results),
    results,
  };
}

const short = (plan: string) => plan.slice(0, 12);

/**
 * Shards are merged only as the whole set of one audit: every share 1..N of one plan, each once. Without
 * this, two of three shards merged into a report that looked whole (its exit code over two thirds of the plan).
 * Whole runs (no --shard) may be merged freely, e.g. an audit in Chromium with one in Firefox.
 */
export function checkShardsOfOnePlan(shards: Shard[]): void {
  const scoped = shards.map(({ dir, summary }) => {
    if (!summary.scope) {
      throw new MergeRefused(`${dir}/summary.json does not say which audit plan and shard it is of (written by an older logout-audit): run that audit again with this version`);
    }
    return { dir, scope: summary.scope };
  });
  const sharded = scoped.filter((s): s is { dir: string; scope: SummaryScope & { shard: NonNullable<SummaryScope['shard']> } } => s.scope.shard !== undefined);
  const [first] = sharded;
  if (!first) return;
  const foreign = sharded.find((s) => s.scope.plan !== first.scope.plan || s.scope.shard.of !== first.scope.shard.of);
  if (foreign) {
    const what = (s: typeof first) => `${s.dir} is ${describeScope(s.scope)} of plan ${short(s.scope.plan)}`;
    throw new MergeRefused(`${what(first)}, ${what(foreign)}: shards of different audits (other targets, options or --shard N) cannot be merged; give the shards of one audit`);
  }
  const of = first.scope.shard.of;
  for (let index = 1; index <= of; index += 1) {
    const holders = sharded.filter((s) => s.scope.shard.index === index).map((s) => s.dir);
    if (holders.length > 1) throw new MergeRefused(`shard ${index}/${of} is given twice (${holders.join(' and ')}): give each shard once`);
  }
  const missing = Array.from({ length: of }, (_, i) => i + 1).filter((index) => !sharded.some((s) => s.scope.shard.index === index));
  if (missing.length > 0) {
    const given = sharded.map((s) => `${describeScope(s.scope)} from ${s.dir}`).join(', ');
    throw new MergeRefused(`shard ${missing.map((i) => `${i}/${of}`).join(', ')} of plan ${short(first.scope.plan)} is missing (given: ${given}): give all ${of} shards of the audit`);
  }
  // All N shares are here: together their entries must be exactly the plan's runs.
  const runs = shards.filter((s) => s.summary.scope?.shard).flatMap((s) => s.summary.results);
  const portalDefects = [...new Set(shards.filter((s) => s.summary.scope?.shard).flatMap((s) => s.summary.portalDefects))];
  if (planIdentity(runs, portalDefects) !== first.scope.plan) {
    throw new MergeRefused(`the ${runs.length} runs in the ${of} shards of plan ${short(first.scope.plan)} are not that plan's ${first.scope.planRuns}: a summary.json does not match the audit it says it is of`);
  }
}

/** Files every run writes alike (allure-playwright's categories and environment): the first shard's is kept. */
const SHARED_FILES = new Set(['categories.json', 'environment.properties']);

/**
 * Copies a shard's Allure results (results and attachments, named by UUID) into the merged folder. A name
 * that is already there with other content would make one result point at another's evidence: refused.
 */
export function copyAllureResults(fromDir: string, toDir: string): void {
  const from = join(fromDir, 'allure-results');
  const to = join(toDir, 'allure-results');
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    const target = join(to, name);
    if (existsSync(target)) {
      if (SHARED_FILES.has(name) || readFileSync(target).equals(readFileSync(join(from, name)))) continue;
      throw new MergeRefused(`allure-results/${name} of ${fromDir} differs from the file of that name in another shard`);
    }
    copyFileSync(join(from, name), target);
  }
}
