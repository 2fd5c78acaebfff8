// One whole default audit of the reference portal as a user runs it (cli/audit.ts, the plan `npm run audit`
// runs), timed from the command's start to its exit (the report written), with the memory of its process tree
// sampled while it runs and the report's size at the end. Used by bench/run.ts.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditTreeMemory } from './pss';
import { tsEntry } from '../cli/ts-entry';

const SAMPLE_MS = 500;

export interface AuditWall {
  workers: number;
  exitCode: number | null;
  seconds: number;
  /** From the last run's progress line to the exit: summary, Allure report, JUnit, manifest. */
  reportBuildSeconds: number;
  runs: number;
  peakPssMiBPerWorker: number;
  peakPssMiBRunner: number;
  reportHtmlMB: number;
  outDirMB: number;
}

function sizeOf(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, entry) => sum + sizeOf(join(path, entry)), 0);
}

export async function auditWall(workers: number, extraArgs: string[] = []): Promise<AuditWall> {
  const out = mkdtempSync(join(tmpdir(), 'bench-audit-'));
  const started = performance.now();
  const child = spawn(process.execPath, [...tsEntry('cli/audit.ts'), '--workers', String(workers), '--out', out, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let lastRunAt = started;
  let runs = 0;
  let peakWorker = 0;
  let peakRunner = 0;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const progress = [...chunk.matchAll(/^\[\s*(\d+)\/(\d+)\]/gm)];
    if (progress.length > 0) {
      lastRunAt = performance.now();
      runs = Number(progress.at(-1)![2]);
    }
  });
  child.stderr.resume();
  const sampler = setInterval(() => {
    if (!child.pid) return;
    const memory = auditTreeMemory(child.pid);
    peakWorker = Math.max(peakWorker, ...memory.workersMiB);
    peakRunner = Math.max(peakRunner, memory.runnerMiB);
  }, SAMPLE_MS);
  const exitCode = await new Promise<number | null>((done) => child.on('exit', done));
  clearInterval(sampler);
  const ended = performance.now();
  const result = {
    workers,
    exitCode,
    seconds: Number(((ended - started) / 1000).toFixed(1)),
    reportBuildSeconds: Number(((ended - lastRunAt) / 1000).toFixed(1)),
    runs,
    peakPssMiBPerWorker: Math.round(peakWorker),
    peakPssMiBRunner: Math.round(peakRunner),
    reportHtmlMB: Number((sizeOf(join(out, 'report', 'index.html')) / 1e6).toFixed(1)),
    outDirMB: Number((sizeOf(out) / 1e6).toFixed(1)),
  };
  rmSync(out, { recursive: true, force: true });
  return result;
}
