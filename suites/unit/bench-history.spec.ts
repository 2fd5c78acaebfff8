import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { appendHistory, readHistory, type HistoryLine } from '../../bench/history';
import { historyRows } from '../../bench/history-table';
import { benchSettings } from '../../bench/settings';
import { checkTargets } from '../../bench/targets';

// bench/history.jsonl is what docs/performance.md points to for every past figure: each `npm run bench` appends
// a line, and `npm run bench:history` must read all of them, the ones transcribed from the doc included.

const committed = fileURLToPath(new URL('../../bench/history.jsonl', import.meta.url));

const benchLine = (overrides: Partial<HistoryLine> = {}): HistoryLine => ({
  date: '2026-12-07T08:00:00.000Z',
  source: 'npm run bench',
  commit: 'abc1234',
  dirty: false,
  parts: ['overhead'],
  machine: { cores: 2, cpuModel: 'AMD EPYC', memoryGiB: 24, loadAverageAtStart: 0.5, loadAverageAtEnd: 3.25 },
  figures: { overheadRatioMedian: 1.3, auditCoreSecondsPerRun: 4.8, bareCoreSecondsPerRun: 3.7, npmTestMinutes: null },
  ...overrides,
});

function inTempDir(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'bench-history-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('every line of the committed history fits the format, the past ones marked as taken from docs/performance.md', () => {
  const lines = readHistory(committed);
  const past = lines.filter((line) => line.source === 'docs/performance.md');
  expect(past.length).toBeGreaterThan(10);
  // Oldest first: the table reads as a history.
  const days = lines.map((line) => line.date.slice(0, 10));
  expect(days).toEqual([...days].sort());
});

test('a bench run appends one line that reads back as written, after the lines already there', () => {
  inTempDir((dir) => {
    const file = join(dir, 'history.jsonl');
    appendHistory(file, benchLine());
    appendHistory(file, benchLine({ commit: 'def5678' }));
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(3); // two lines, each ended
    expect(readHistory(file).map((line) => line.commit)).toEqual(['abc1234', 'def5678']);
    expect(readHistory(file)[0]).toEqual(benchLine());
  });
});

test('a file whose last line lost its newline gets one before the new line, so two runs never share a line', () => {
  inTempDir((dir) => {
    const file = join(dir, 'history.jsonl');
    writeFileSync(file, JSON.stringify(benchLine()));
    appendHistory(file, benchLine({ commit: 'def5678' }));
    expect(readHistory(file)).toHaveLength(2);
  });
});

test('a line that does not fit is refused before anything is written, and a bad line in the file is named', () => {
  inTempDir((dir) => {
    const file = join(dir, 'history.jsonl');
    const unknownFigure = { ...benchLine(), figures: { overheadRatioMedian: 1.3, wallClockGuess: 2 } } as unknown as HistoryLine;
    expect(() => appendHistory(file, unknownFigure)).toThrow(/wallClockGuess/);
    expect(() => appendHistory(file, benchLine({ date: 'yesterday' }))).toThrow(/date/);
    expect(readHistory(file)).toEqual([]);
    writeFileSync(file, `${JSON.stringify(benchLine())}\n{"date":\n`);
    expect(() => readHistory(file)).toThrow(/history\.jsonl:2: not JSON/);
  });
});

test('the table has a column per key figure and "-" where a run did not measure it', () => {
  const [header, row] = historyRows([benchLine()]);
  expect(header).toContain('core-s/run');
  expect(header).toContain('npm test min');
  expect(row![header!.indexOf('core-s/run')]).toBe('4.8');
  expect(row![header!.indexOf('npm test min')]).toBe('-');
  expect(row![header!.indexOf('--quick s')]).toBe('-');
  expect(row![header!.indexOf('load')]).toBe('0.5→3.25');
});

test("issue 35's targets: met, not met, or not measured (npm test, a part left out)", () => {
  const byKey = Object.fromEntries(checkTargets({ overheadRatioMedian: 1.31, defaultAuditCpuRatio: 1.2, quickAuditSeconds: null, npmTestMinutes: null }).map((t) => [t.key, t.met]));
  expect(byKey).toEqual({ overheadRatioMedian: false, overheadCpuRatioMedian: null, defaultAuditCpuRatio: true, peakRssMbPerBrowserWorker: null, npmTestMinutes: null, quickAuditSeconds: null });
});

test('BENCH_PARTS chooses the parts, an unknown one is refused, and BENCH_SKIP_AUDIT leaves the audits out', () => {
  expect([...benchSettings({}).parts]).toEqual(['overhead', 'evidence', 'operations', 'plan-cpu', 'audits', 'quick']);
  expect([...benchSettings({ BENCH_PARTS: 'overhead, quick' }).parts]).toEqual(['overhead', 'quick']);
  expect(() => benchSettings({ BENCH_PARTS: 'overhead,nonsense' })).toThrow(/BENCH_PARTS/);
  expect([...benchSettings({ BENCH_SKIP_AUDIT: '1' }).parts]).not.toContain('audits');
  expect(benchSettings({ BENCH_ROUNDS: '2' }).rounds).toBe(2);
});
