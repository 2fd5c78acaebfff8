// npm run bench: how long the browser operations and one scenario take on this machine, and how much memory
// a browser on a persistent profile uses. Results go to out/bench.json; no test ever asserts on time.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createDriver } from '../drivers';
import type { DriverSpec } from '../drivers/driver';
import { personas } from '../drivers/personas';
import { profileProcesses } from '../drivers/processes';
import { startPortal } from '../portal/start';
import { memoryEvidence } from '../reports/evidence';
import logoutRevisit from '../scenarios/logout-revisit';
import logoutCloseRelaunch from '../scenarios/logout-close-relaunch';
import { play } from '../scenarios/scenario';
import { referenceTarget } from '../targets/reference';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const outDir = process.env.AUDIT_OUT ?? 'out';

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function stats(samples: number[]): { median: number; min: number; max: number; n: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x);
  return { median: round(sorted[Math.floor(sorted.length / 2)] ?? 0), min: round(sorted[0] ?? 0), max: round(sorted.at(-1) ?? 0), n: sorted.length };
}

/**
 * Memory of every process of one profile, in MiB (what a browser costs a test worker). Proportional set size:
 * summing RSS would count the pages Chromium's processes share once per process, several times too much.
 */
function profilePssMiB(profileDir: string): number {
  let kib = 0;
  for (const pid of profileProcesses(profileDir)) {
    try {
      const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      kib += Number(match?.[1] ?? 0);
    } catch {
      // ended meanwhile
    }
  }
  return Math.round(kib / 1024);
}

async function browserOperations(spec: DriverSpec) {
  const samples: Record<string, number[]> = { launch: [], close: [], relaunch: [], reboot: [], powerCut: [], dispose: [], pssMiB: [] };
  for (let i = 0; i < ROUNDS; i++) {
    const driver = createDriver(spec);
    samples.launch!.push(await timed(() => driver.launch()));
    await driver.open('about:blank');
    samples.pssMiB!.push(profilePssMiB((driver as unknown as { profileDir: string }).profileDir));
    samples.close!.push(await timed(() => driver.close()));
    samples.relaunch!.push(await timed(() => driver.relaunch()));
    samples.reboot!.push(await timed(() => driver.reboot()));
    samples.powerCut!.push(await timed(() => driver.powerCut()));
    samples.dispose!.push(await timed(() => driver.dispose()));
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k === 'pssMiB' ? k : `${k}Ms`, stats(v)]));
}

async function scenarioDurations(spec: DriverSpec) {
  const portal = await startPortal();
  const target = referenceTarget(portal);
  const user = target.users[0]!;
  const out: Record<string, ReturnType<typeof stats> & { verdicts: string[] }> = {};
  try {
    for (const scenario of [logoutRevisit, logoutCloseRelaunch]) {
      const durations: number[] = [];
      const verdicts: string[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const driver = createDriver(spec);
        const result = await play(scenario, { target, user, driver, newDriver: () => createDriver(spec), evidence: memoryEvidence() });
        await driver.dispose();
        durations.push(result.durationMs);
        verdicts.push(result.verdict);
      }
      out[scenario.id] = { ...stats(durations), verdicts };
    }
  } finally {
    await portal.stop();
  }
  return out;
}

const spec: DriverSpec = { backend: 'playwright', browser: 'chromium', profile: 'fresh-default', persona: personas.default };
const result = {
  measuredAt: new Date().toISOString(),
  machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  rounds: ROUNDS,
  driver: 'playwright:chromium',
  browserOperations: await browserOperations(spec),
  scenarioDurationsMs: await scenarioDurations(spec),
};
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}/bench.json`, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
console.log(`bench: written to ${outDir}/bench.json`);
