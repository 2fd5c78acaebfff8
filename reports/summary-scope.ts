import { createHash } from 'node:crypto';
import type { SummaryScope } from '../audit/scope';
import type { RunKey } from './summary';
import { runKey } from './summary';

export type { SummaryScope } from '../audit/scope';

// What one summary.json is of: which plan (every run of the whole, unsharded audit) and which shard of it. Three
// machines running --shard 1/3, 2/3 and 3/3 of one audit write the same plan identity and each its own shard, so
// a merge can tell that a shard is missing, given twice, or from another audit; without this, merging 2 of 3
// shards would look like a whole audit.

/** The identity of a plan: independent of run order, so every shard computes the same one. */
export function planIdentity(runs: RunKey[], portalDefects: string[]): string {
  const canonical = JSON.stringify({ runs: runs.map(runKey).sort(), portalDefects: [...portalDefects].sort() });
  return createHash('sha256').update(canonical).digest('hex');
}

/** The scope of a run of the whole plan `runs`, or of its share with --shard I/N. */
export function scopeOf(runs: RunKey[], portalDefects: string[], shard: string): SummaryScope {
  const [index, of] = shard ? (shard.split('/').map(Number) as [number, number]) : [];
  return { plan: planIdentity(runs, portalDefects), planRuns: runs.length, ...(index && of ? { shard: { index, of } } : {}) };
}

/** "shard 2/3" or "the whole plan", for messages. */
export function describeScope(scope: SummaryScope): string {
  return scope.shard ? `shard ${scope.shard.index}/${scope.shard.of}` : 'the whole plan';
}
