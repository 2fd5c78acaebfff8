import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_NAME, ManifestError, verificationPassed, verifyManifest } from './manifest';
import { byRun, runKey, totals, type Summary } from './summary';

// Several output folders of one audit (the shards of `--shard I/N` on CI machines, or runs in different
// browsers) brought together into one: one summary, one set of Allure results, one report. Evidence is merged
// only when it is intact: each folder must still match its own manifest, so a tampered shard is refused
// before anything of it is copied.

/** Why the folders cannot be merged; the merge writes nothing and exits 2. */
export class MergeRefused extends Error {}

export interface Shard {
  dir: string;
  summary: Summary;
}

/** Checks one folder: its manifest verifies (AUDIT_SIGNING_KEY as for verify), and it holds a summary and results. */
export function readShard(dir: string, key = process.env.AUDIT_SIGNING_KEY): Shard {
  if (!existsSync(join(dir, MANIFEST_NAME))) {
    throw new MergeRefused(`${dir} has no ${MANIFEST_NAME}: only the output folder of a finished audit can be merged`);
  }
  let problems: string[];
  try {
    const v = verifyManifest(dir, key);
    problems = verificationPassed(v)
      ? []
      : [...v.altered.map((f) => `altered ${f}`), ...v.missing.map((f) => `missing ${f}`), ...v.extra.map((f) => `extra ${f}`), ...(['invalid', 'missing'].includes(v.signature) ? [`signature ${v.signature}`] : [])];
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    problems = [error.message];
  }
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
    ...(summaries.some((s) => s.interrupted) ? { interrupted: true } : {}),
    totals: totals(results),
    results,
  };
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
