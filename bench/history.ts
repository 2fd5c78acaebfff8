// bench/history.jsonl: one line per bench run (date, commit, the machine and its load, the key figures), so that
// docs/performance.md can show only the current figures and the past stays comparable, machine by machine.
// `npm run bench` appends to it (bench/run.ts); `npm run bench:history` prints it (bench/history-table.ts). The
// oldest lines were transcribed from docs/performance.md, marked so by their `source`; an `npm test` timing,
// which the bench never measures, is added by hand (`"source":"by hand"`, figures.npmTestMinutes).
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

const figure = z.number().finite().nullable().optional();

/** The key figures, named as in out/bench.json; a past line holds those that were measured then. */
export const figuresSchema = z
  .object({
    overheadRatioMedian: figure,
    overheadCpuRatioMedian: figure,
    auditCoreSecondsPerRun: figure,
    bareCoreSecondsPerRun: figure,
    defaultAuditCpuRatio: figure,
    coresBusyPerRunMedian: figure,
    fullAuditSeconds: figure,
    fullAuditSeconds2Workers: figure,
    throughput2WorkersOver1: figure,
    quickAuditSeconds: figure,
    peakPssMiBPerWorker: figure,
    /** Not measured by the bench (it never runs `npm test`): filled in past lines, or by hand. */
    npmTestMinutes: figure,
  })
  .strict();
export type Figures = z.infer<typeof figuresSchema>;

export const historyLineSchema = z
  .object({
    /** A day (past lines) or the moment the bench ended, in UTC. */
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z)?$/),
    /** Who wrote the line: the bench, a transcription of an old doc, or a person (an `npm test` timing). */
    source: z.enum(['npm run bench', 'docs/performance.md', 'README.md', 'by hand']),
    commit: z.string().regex(/^[0-9a-f]{7,40}$/).nullable(),
    /** The working tree had changes that were not committed: the figures are of the commit and those. */
    dirty: z.boolean().optional(),
    command: z.string().optional(),
    /** The bench's parts that ran (BENCH_PARTS); absent on past lines. */
    parts: z.array(z.string()).optional(),
    machine: z
      .object({
        cores: z.number().int().positive().nullable(),
        cpuModel: z.string().nullable(),
        memoryGiB: z.number().positive().nullable().optional(),
        loadAverageAtStart: z.number().nonnegative().nullable(),
        loadAverageAtEnd: z.number().nonnegative().nullable(),
      })
      .strict(),
    figures: figuresSchema,
    note: z.string().optional(),
  })
  .strict();
export type HistoryLine = z.infer<typeof historyLineSchema>;

/** Every line of the file, checked; an error names the line that does not fit. */
export function readHistory(file: string): HistoryLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((text, index) => ({ text, number: index + 1 }))
    .filter(({ text }) => text.trim() !== '')
    .map(({ text, number }) => {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new Error(`${file}:${number}: not JSON`);
      }
      const parsed = historyLineSchema.safeParse(json);
      if (!parsed.success) throw new Error(`${file}:${number}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return parsed.data;
    });
}

/** Appends one checked line; a file whose last line lacks its newline gets one first, so lines never merge. */
export function appendHistory(file: string, line: HistoryLine): void {
  const checked = historyLineSchema.parse(line);
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const needsNewline = existing !== '' && !existing.endsWith('\n');
  appendFileSync(file, `${needsNewline ? '\n' : ''}${JSON.stringify(checked)}\n`);
}

/** The checked-out commit, and whether the tree differs from it; null when this is not a git checkout. */
export function gitState(cwd: string): { commit: string | null; dirty?: boolean } {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const changes = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return { commit, dirty: changes.trim() !== '' };
  } catch {
    return { commit: null };
  }
}
