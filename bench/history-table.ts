// npm run bench:history [-- FILE] [--markdown]: bench/history.jsonl as a table, oldest first, one row per bench
// run, the key figures as columns ("-" where a run did not measure one). Compare rows of the same machine
// (cores, CPU model): seconds are the machine's, ratios carry over.
import { fileURLToPath } from 'node:url';
import type { Figures, HistoryLine } from './history';
import { readHistory } from './history';
import { BENCH_PARTS } from './settings';

const COLUMNS: { title: string; figure: keyof Figures }[] = [
  { title: 'wall ×bare', figure: 'overheadRatioMedian' },
  { title: 'CPU ×bare', figure: 'overheadCpuRatioMedian' },
  { title: 'core-s/run', figure: 'auditCoreSecondsPerRun' },
  { title: 'bare core-s/run', figure: 'bareCoreSecondsPerRun' },
  { title: 'audit CPU ×bare', figure: 'defaultAuditCpuRatio' },
  { title: 'cores busy', figure: 'coresBusyPerRunMedian' },
  { title: 'audit 1w s', figure: 'fullAuditSeconds' },
  { title: 'audit 2w s', figure: 'fullAuditSeconds2Workers' },
  { title: '2w/1w', figure: 'throughput2WorkersOver1' },
  { title: '--quick s', figure: 'quickAuditSeconds' },
  { title: 'PSS MiB/worker', figure: 'peakPssMiBPerWorker' },
  { title: 'npm test min', figure: 'npmTestMinutes' },
];

function load(line: HistoryLine): string {
  const { loadAverageAtStart: start, loadAverageAtEnd: end } = line.machine;
  return start === null && end === null ? '-' : `${start ?? '?'}→${end ?? '?'}`;
}

export function historyRows(lines: HistoryLine[]): string[][] {
  const header = ['date', 'source', 'commit', 'cores', 'CPU', 'load', ...COLUMNS.map((c) => c.title)];
  const rows = lines.map((line) => [
    line.date.replace(/(T\d{2}:\d{2}):\d{2}(\.\d+)?Z$/, '$1Z'),
    { 'npm run bench': `bench${line.parts && line.parts.length < BENCH_PARTS.length ? ` (${line.parts.join(',')})` : ''}`, 'docs/performance.md': 'old doc', 'README.md': 'old README', 'by hand': 'by hand' }[line.source],
    `${line.commit ?? '-'}${line.dirty ? '+' : ''}`,
    String(line.machine.cores ?? '-'),
    line.machine.cpuModel?.replace(/\s+\d+-Core Processor|\(R\)|\(TM\)/g, '').slice(0, 18) ?? '-',
    load(line),
    ...COLUMNS.map((c) => {
      const value = line.figures[c.figure];
      return value === null || value === undefined ? '-' : String(value);
    }),
  ]);
  return [header, ...rows];
}

function aligned(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

function markdown(rows: string[][]): string {
  const [header, ...body] = rows;
  return [header!, header!.map(() => '---'), ...body].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Piped into head: a closed pipe ends the table, not with a stack.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' ? process.exit(0) : (() => { throw error; })()));
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--')) ?? fileURLToPath(new URL('./history.jsonl', import.meta.url));
  const rows = historyRows(readHistory(file));
  console.log(args.includes('--markdown') ? markdown(rows) : aligned(rows));
  const notes = readHistory(file).filter((line) => line.note);
  if (args.includes('--notes')) for (const line of notes) console.log(`\n${line.date} (${line.commit ?? 'no commit'}): ${line.note}`);
  else if (notes.length > 0) console.log(`\n${notes.length} lines carry a note: --notes prints them`);
}
