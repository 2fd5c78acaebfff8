import { z } from 'zod';

// What one summary.json is of: which plan (every run of the whole, unsharded audit) and which shard of it. The
// CLI computes it (reports/summary-scope.ts scopeOf) and hands it to Playwright's summary reporter in AUDIT_SCOPE;
// its shape lives here, with the settings that carry it, so the runner never imports the report layer.

export const summaryScopeSchema = z.object({
  /** SHA-256 (hex) over the whole plan's run keys (targets, scenarios, drivers, presets, personas) and portal defects. */
  plan: z.string().regex(/^[0-9a-f]{64}$/),
  /** How many runs the whole plan has. */
  planRuns: z.number().int().nonnegative(),
  /** With --shard I/N, this folder's share; absent for a whole run. */
  shard: z.object({ index: z.number().int().positive(), of: z.number().int().positive() }).optional(),
});

export type SummaryScope = z.infer<typeof summaryScopeSchema>;
