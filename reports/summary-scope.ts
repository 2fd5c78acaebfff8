import { createHash } from 'node:crypto';
import type { RunKey } from './summary';
import { runKey } from './summary';

// What one summary.json is of: which plan (every run of the whole, unsharded audit) and which shard of it. Three
// machines running --shard 1/3, 2/3 and 3/3 of one audit write the same plan identity and each its own shard, so
// a merge can tell that a shard is missing, given twice, or from another audit; without this, merging 2 of 3
// shards would look like a whole audit.

export interface SummaryScope {
  /** SHA-256 (hex) over the whole plan's run keys (targets, scenarios, drivers, presets, personas) and portal defects. */
  plan: string;
  /** How many runs the whole plan has. */
  planRuns: number;
  /** With --shard I/N, this folder's share; absent for a whole run. */
  shard?: { index: number; of: number };
}

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

/** The CLI hands the scope to Playwright's summary reporter in AUDIT_SCOPE (JSON); undefined when run by hand. */
export function scopeFromEnv(env: NodeJS.ProcessEnv = process.env): SummaryScope | undefined {
  if (!env.AUDIT_SCOPE) return undefined;
  return JSON.parse(env.AUDIT_SCOPE) as SummaryScope;
}

/** "shard 2/3" or "the whole plan", for messages. */
export function describeScope(scope: SummaryScope): string {
  return scope.shard ? `shard ${scope.shard.index}/${scope.shard.of}` : 'the whole plan';
}
