// npm run bench:grid: wall time of the Selenium part of an audit through a loopback Selenium Grid 4 with one
// node and with two (one browser slot per node, as many workers as slots). Results: out/bench-grid.json.
// Only single-browser scenarios are used, so one slot per worker is enough. On one 2-core machine the nodes
// share the same cores: real grids put nodes on separate machines, where the gain is larger.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startGrid } from '../grid/start-grid';

const root = resolve('.');
const scenarios = 'logout-revisit,logout-close-relaunch,logout-sso-silent,logout-back-button,cookie-attributes';
const results: Record<string, { nodes: number; workers: number; wallMs: number; exit: number | null; gridReadyMs: number }> = {};

for (const nodes of [1, 2]) {
  const grid = await startGrid({ nodes, maxSessions: 1 });
  try {
    const started = Date.now();
    const run = spawnSync(
      process.execPath,
      [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'cli/audit.ts'), '--grid', grid.url, '--workers', String(nodes),
        '--scenarios', scenarios, '--presets', 'fresh-default', '--out', mkdtempSync(join(tmpdir(), 'bench-grid-'))],
      { cwd: root, encoding: 'utf8', timeout: 900_000 },
    );
    results[`${nodes}-node`] = { nodes, workers: nodes, wallMs: Date.now() - started, exit: run.status, gridReadyMs: grid.readyMs };
    console.log(`${nodes} node(s): ${Date.now() - started} ms, exit ${run.status}`);
  } finally {
    await grid.stop();
  }
}

const outDir = process.env.AUDIT_OUT ?? 'out';
mkdirSync(outDir, { recursive: true });
const one = results['1-node']!.wallMs;
const two = results['2-node']!.wallMs;
const report = { measuredAt: new Date().toISOString(), cpus: cpus().length, scenarios: scenarios.split(','), results, speedup: Number((one / two).toFixed(2)) };
writeFileSync(join(outDir, 'bench-grid.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));
