// The CPU of the default audit against the bare script's for the same plan (issue 35: at most 1.2×). The plan
// is the default audit's own (`cli/audit.ts --list`: every preset and persona it plans) narrowed to the scenarios
// that have a bare counterpart (bench/bare-plan.ts); the other scenarios have none, so no honest ratio exists
// for them. Each side is a command of its own, measured from its start to its exit with every process it starts
// (bench/cpu-use.ts): the audit's CLI, Playwright runner, worker, embedded portal, browsers and report, against
// the bare script's node, portal and browsers. One worker: the bare script plays its runs one after another too.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsEntry } from '../cli/ts-entry';
import { BARE_BROWSERS, BARE_COUNTERPARTS, plannedRuns, type PlannedRun } from './bare-plan';
import { cpuUse, type CpuUse } from './cpu-use';
import { stats } from './stats';

export interface PlanCpu {
  scenarios: string[];
  runs: PlannedRun[];
  audit: CpuUse[];
  bare: CpuUse[];
  auditCoreSeconds: number;
  bareCoreSeconds: number;
  /** Median audit core-seconds over median bare core-seconds. */
  ratio: number;
}

/** Runs a node entry point to its end; its stdout, or an error naming its exit code and stderr's tail. */
function command(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
    child.on('error', reject);
    // 'close', not 'exit': stdout is read to its end first.
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${args.slice(2).join(' ').slice(0, 120)}: exit ${code}\n${stderr}`))));
  });
}

export async function planCpu(rounds: number, log: (line: string) => void): Promise<PlanCpu> {
  const scenarios = Object.keys(BARE_COUNTERPARTS);
  const runs = plannedRuns(await command(tsEntry('cli/audit.ts', '--list', '--browsers', BARE_BROWSERS, '--scenarios', scenarios.join(','))));
  const audit: CpuUse[] = [];
  const bare: CpuUse[] = [];
  const auditSide = async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-plan-cpu-'));
    try {
      // Exit 0 only: a finding or a broken run on the clean portal would make the figure some other work's.
      audit.push((await cpuUse(() => command(tsEntry('cli/audit.ts', '--workers', '1', '--browsers', BARE_BROWSERS, '--scenarios', scenarios.join(','), '--out', out)), { countSelf: false })).cpu);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  };
  const bareSide = async () => {
    bare.push((await cpuUse(() => command(tsEntry('bench/bare-plan.ts', JSON.stringify(runs))), { countSelf: false })).cpu);
  };
  for (let round = 0; round < rounds; round++) {
    for (const side of round % 2 ? [bareSide, auditSide] : [auditSide, bareSide]) await side();
    log(`plan of ${runs.length} runs, CPU round ${round + 1}: audit ${audit.at(-1)!.cpuSeconds} core-s, bare script ${bare.at(-1)!.cpuSeconds} core-s`);
  }
  const auditCoreSeconds = stats(audit.map((c) => c.cpuSeconds), 2).median;
  const bareCoreSeconds = stats(bare.map((c) => c.cpuSeconds), 2).median;
  return { scenarios, runs, audit, bare, auditCoreSeconds, bareCoreSeconds, ratio: Number((auditCoreSeconds / bareCoreSeconds).toFixed(2)) };
}
