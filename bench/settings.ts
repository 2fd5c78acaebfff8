// The bench's settings, read from its environment once (as audit/settings.ts does for the audit):
//  - BENCH_ROUNDS (default 3): rounds of the side-by-side scenario pairs, of their CPU runs and of the browser
//    operations; the evidence capture takes at least 5;
//  - BENCH_AUDIT_ROUNDS (default 1): rounds of the whole default audit with 1 and with 2 workers;
//  - BENCH_PARTS (default all): which parts run, comma-separated (a quick check of the bench itself can leave
//    the long whole-audit part out); BENCH_SKIP_AUDIT=1 is the older way to leave out `audits` and `quick`;
//  - BENCH_HISTORY (default bench/history.jsonl): the history file the bench appends a line to;
//  - AUDIT_OUT (default out): where bench.json is written.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const BENCH_PARTS = ['overhead', 'evidence', 'operations', 'plan-cpu', 'audits', 'quick'] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];

const DEFAULT_HISTORY = fileURLToPath(new URL('./history.jsonl', import.meta.url));

const count = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  BENCH_ROUNDS: count(3),
  BENCH_AUDIT_ROUNDS: count(1),
  BENCH_PARTS: z
    .string()
    .optional()
    .transform((text) => (text ? text.split(',').map((part) => part.trim()).filter(Boolean) : [...BENCH_PARTS]))
    .pipe(z.array(z.enum(BENCH_PARTS)).min(1)),
  BENCH_SKIP_AUDIT: z.enum(['0', '1']).optional(),
  BENCH_HISTORY: z.string().min(1).default(DEFAULT_HISTORY),
  AUDIT_OUT: z.string().min(1).default('out'),
});

export interface BenchSettings {
  rounds: number;
  auditRounds: number;
  parts: Set<BenchPart>;
  historyFile: string;
  outDir: string;
}

export function benchSettings(env: NodeJS.ProcessEnv): BenchSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`bench: bad setting: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')} (BENCH_PARTS takes ${BENCH_PARTS.join(',')})`);
  }
  const s = parsed.data;
  const parts = new Set(s.BENCH_PARTS);
  if (s.BENCH_SKIP_AUDIT === '1') for (const part of ['audits', 'quick'] as const) parts.delete(part);
  return { rounds: s.BENCH_ROUNDS, auditRounds: s.BENCH_AUDIT_ROUNDS, parts, historyFile: s.BENCH_HISTORY, outDir: s.AUDIT_OUT };
}
