// npm run bench:grid: wall time of the Selenium part of an audit through a loopback Selenium Grid 4: a hub with
// one node and one worker, then a hub with two nodes and two workers (two slots per node: a scenario may hold
// two browsers); the same hub topology both times, so the difference is the second node. Results:
// out/bench-grid.json, with how busy the machine's CPUs were and how many sessions each node ran: on one machine
// the nodes share the same cores (and every WebDriver command crosses two JVMs), so a second node adds
// capacity only where it has cores of its own, as on a real grid. Nothing here is asserted: it is measured.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { auditSettings } from '../audit/settings';
import { startGrid } from '../grid/start-grid';
import type { Summary } from '../reports/summary';
import { tsEntry } from '../cli/ts-entry';

const root = resolve('.');
// Every scenario once (browser defaults, own User-Agent): the Selenium part of a nightly audit in miniature.
const scenarios = process.env.BENCH_GRID_SCENARIOS ?? '';

/** Jiffies the machine's CPUs spent busy and in total, from the aggregate line of /proc/stat. */
function cpuTimes(): { busy: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

interface Run {
  nodes: number;
  workers: number;
  wallMs: number;
  /** Share of all CPUs' time spent busy during the run (1 = every core busy all the time). */
  cpuBusy: number;
  exit: number | null;
  gridReadyMs: number;
  verdicts: Record<string, number>;
  /** Sessions each node started (its log's "Session created by the Node" lines). */
  sessionsPerNode: Record<string, number>;
}

function sessionsPerNode(dir: string, nodes: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 1; i <= nodes; i++) {
    const log = readFileSync(join(dir, `node-${i}.log`), 'utf8');
    counts[`node-${i}`] = log.split('\n').filter((line) => line.includes('Session created by the Node')).length;
  }
  return counts;
}

async function measure(nodes: number): Promise<Run> {
  const grid = await startGrid({ nodes, maxSessions: 2, hub: true });
  try {
    const out = mkdtempSync(join(tmpdir(), 'bench-grid-'));
    const cpuBefore = cpuTimes();
    const started = Date.now();
    const run = spawnSync(
      process.execPath,
      [...tsEntry(join(root, 'cli/audit.ts')), '--grid', grid.url, '--workers', String(nodes),
        ...(scenarios ? ['--scenarios', scenarios] : []), '--presets', 'fresh-default', '--personas', 'default', '--out', out],
      { cwd: root, encoding: 'utf8', timeout: 1_800_000 },
    );
    const wallMs = Date.now() - started;
    const cpuAfter = cpuTimes();
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    const cpuBusy = Number(((cpuAfter.busy - cpuBefore.busy) / (cpuAfter.total - cpuBefore.total)).toFixed(2));
    const sessions = sessionsPerNode(grid.dir, nodes);
    console.log(`${nodes} node(s), ${nodes} worker(s): ${wallMs} ms, CPUs ${Math.round(cpuBusy * 100)} % busy, sessions ${JSON.stringify(sessions)}, exit ${run.status}`);
    return { nodes, workers: nodes, wallMs, cpuBusy, exit: run.status, gridReadyMs: grid.readyMs, verdicts: summary.totals, sessionsPerNode: sessions };
  } finally {
    await grid.stop();
  }
}

const one = await measure(1);
const two = await measure(2);
const outDir = auditSettings().outDir;
mkdirSync(outDir, { recursive: true });
const report = {
  measuredAt: new Date().toISOString(),
  cpus: cpus().length,
  scenarios: scenarios || 'all',
  results: { '1-node': one, '2-node': two },
  speedup: Number((one.wallMs / two.wallMs).toFixed(2)),
  sameVerdicts: JSON.stringify(one.verdicts) === JSON.stringify(two.verdicts),
};
writeFileSync(join(outDir, 'bench-grid.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));
