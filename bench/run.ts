// npm run bench: what the harness costs on this machine, measured side by side so that a loaded machine slows
// both sides of every comparison alike. Results go to out/bench.json; no test ever asserts on time.
//  - overhead: the harness's play() against a bare playwright-core script doing the same browser steps on the
//    same embedded portal (bench/bare-scenarios.ts), interleaved round by round, with where the harness's
//    time goes (bench/timed-play.ts) and, in a run of each side of its own, the CPU it used by kind of process
//    and how many cores it kept busy (bench/cpu-use.ts): the ceiling of what a second worker can add;
//  - evidence: what one step's capture costs, part by part (bench/capture-cost.ts);
//  - the whole default audit (cli/audit.ts) with 1 and with 2 workers, interleaved, with the peak memory of
//    each browser worker and of the runner (bench/audit-wall.ts), and the --quick audit;
//  - browser operations: launch, close, relaunch, reboot, power cut, dispose, and a browser's memory.
// BENCH_ROUNDS (default 3) sets the rounds of the first two, BENCH_AUDIT_ROUNDS (default 1) those of the audits;
// BENCH_SKIP_AUDIT=1 leaves the whole audits out.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { createDriver } from '../drivers';
import type { DriverSpec } from '../drivers/driver';
import { personas } from '../drivers/personas';
import { profileProcesses } from '../drivers/profile/processes';
import { startPortal, type RunningPortal } from '../portal/start';
import logoutCloseRelaunch from '../scenarios/logout-close-relaunch';
import logoutReplay from '../scenarios/logout-replay';
import logoutRevisit from '../scenarios/logout-revisit';
import type { ScenarioDefinition } from '../scenarios/scenario';
import { referenceTarget } from '../targets/reference';
import { auditWall, type AuditWall } from './audit-wall';
import { bareLogoutCloseRelaunch, bareLogoutReplay, bareLogoutRevisit } from './bare-scenarios';
import { captureCost } from './capture-cost';
import { cpuUse, type CpuUse } from './cpu-use';
import { pssMiB } from './pss';
import { ratioStats, stats, timed } from './stats';
import { timedPlay, type TimedPlay } from './timed-play';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const AUDIT_ROUNDS = Number(process.env.BENCH_AUDIT_ROUNDS ?? 1);
const outDir = process.env.AUDIT_OUT ?? 'out';
const spec: DriverSpec = { backend: 'playwright', browser: 'chromium', profile: 'fresh-default', persona: personas.default };
const log = (line: string) => console.error(`bench: ${line}`);

const pairs: { scenario: ScenarioDefinition; bare: (portal: RunningPortal) => Promise<void> }[] = [
  { scenario: logoutRevisit, bare: bareLogoutRevisit },
  { scenario: logoutCloseRelaunch, bare: bareLogoutCloseRelaunch },
  { scenario: logoutReplay, bare: bareLogoutReplay },
];

async function overhead() {
  // A long idle timeout: neither side may see the portal end a session because the machine is slow.
  const portal = await startPortal({ idleTimeoutSeconds: 900 });
  const target = referenceTarget(portal);
  const samples = new Map(pairs.map((p) => [p.scenario.id, { harness: [] as TimedPlay[], bare: [] as number[] }]));
  const cpu = new Map<string, { harness: CpuUse; bare: CpuUse }>();
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const { scenario, bare } of pairs) {
        const s = samples.get(scenario.id)!;
        // A B in odd rounds, B A in even ones: neither side always runs first (warm caches, load drift).
        const sides = [
          async () => s.harness.push(await timedPlay(scenario, target, spec)),
          async () => s.bare.push(await timed(() => bare(portal))),
        ];
        for (const side of round % 2 ? sides.reverse() : sides) await side();
        log(`${scenario.id} round ${round + 1}: harness ${Math.round(s.harness.at(-1)!.ms)} ms, bare ${Math.round(s.bare.at(-1)!)} ms`);
      }
    }
    // CPU in runs of their own, after the timed ones: reading /proc costs CPU too, which must not slow the
    // rounds whose times are compared.
    for (const { scenario, bare } of pairs) {
      const harnessCpu = (await cpuUse(() => timedPlay(scenario, target, spec))).cpu;
      const bareCpu = (await cpuUse(() => bare(portal))).cpu;
      cpu.set(scenario.id, { harness: harnessCpu, bare: bareCpu });
      log(`${scenario.id} CPU: harness ${harnessCpu.cpuSeconds} core-s (${harnessCpu.coresBusy} cores busy), bare ${bareCpu.cpuSeconds} core-s (${bareCpu.coresBusy})`);
    }
  } finally {
    await portal.stop();
  }
  const perScenario = Object.fromEntries(
    [...samples].map(([id, { harness, bare }]) => [
      id,
      {
        harnessMs: stats(harness.map((h) => h.ms)),
        bareMs: stats(bare),
        ratio: ratioStats(harness.map((h) => h.ms), bare),
        verdicts: harness.map((h) => h.verdict),
        harnessTimeGoesMs: {
          launchAndCloseBrowsers: stats(harness.map((h) => h.lifecycleMs)).median,
          evidenceCapture: stats(harness.map((h) => h.captureMs)).median,
          navigationAndWaits: stats(harness.map((h) => h.navigationAndWaitsMs)).median,
        },
        cpu: cpu.get(id),
      },
    ]),
  );
  const allRatios = [...samples.values()].flatMap(({ harness, bare }) => harness.map((h, i) => h.ms / bare[i]!));
  // One run alone keeps this many cores busy; a second worker can add at most what is left of the machine.
  const coresBusy = stats([...cpu.values()].map((c) => c.harness.coresBusy), 2).median;
  return { perScenario, overheadRatioMedian: stats(allRatios, 2).median, coresBusyPerRunMedian: coresBusy };
}

async function audits() {
  const runs: AuditWall[] = [];
  for (let round = 0; round < AUDIT_ROUNDS; round++) {
    for (const workers of round % 2 ? [2, 1] : [1, 2]) {
      runs.push(await auditWall(workers));
      log(`whole audit, ${workers} worker(s): ${runs.at(-1)!.seconds} s`);
    }
  }
  const quick = await auditWall(2, ['--quick']);
  log(`--quick audit: ${quick.seconds} s`);
  const seconds = (w: number) => stats(runs.filter((r) => r.workers === w).map((r) => r.seconds), 1);
  return { runs, quick, oneWorker: seconds(1), twoWorkers: seconds(2) };
}

async function browserOperations() {
  const samples: Record<string, number[]> = { launch: [], close: [], relaunch: [], reboot: [], powerCut: [], dispose: [], pssMiB: [] };
  for (let i = 0; i < ROUNDS; i++) {
    const driver = createDriver(spec);
    samples.launch!.push(await timed(() => driver.launch()));
    await driver.open('about:blank');
    const profileDir = (driver as unknown as { profileDir: string }).profileDir;
    samples.pssMiB!.push(profileProcesses(profileDir).reduce((sum, pid) => sum + pssMiB(pid), 0));
    samples.close!.push(await timed(() => driver.close()));
    samples.relaunch!.push(await timed(() => driver.relaunch()));
    samples.reboot!.push(await timed(() => driver.reboot()));
    samples.powerCut!.push(await timed(() => driver.powerCut()));
    samples.dispose!.push(await timed(() => driver.dispose()));
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k === 'pssMiB' ? k : `${k}Ms`, stats(v)]));
}

const startedLoad = loadavg()[0];
const overheadResult = await overhead();
const evidence = await captureCost(spec, Math.max(ROUNDS, 5));
const operations = await browserOperations();
const audit = process.env.BENCH_SKIP_AUDIT === '1' ? undefined : await audits();
const result = {
  measuredAt: new Date().toISOString(),
  machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, loadAverage1mAtStart: startedLoad, loadAverage1mAtEnd: loadavg()[0] },
  rounds: ROUNDS,
  auditRounds: AUDIT_ROUNDS,
  driver: 'playwright:chromium',
  overheadRatioMedian: overheadResult.overheadRatioMedian,
  fullAuditSeconds: audit?.oneWorker.median ?? null,
  fullAuditSeconds2Workers: audit?.twoWorkers.median ?? null,
  throughput2WorkersOver1: audit ? Number((audit.oneWorker.median / audit.twoWorkers.median).toFixed(2)) : null,
  // What 2 workers could give at best on this machine: all its cores over what one run keeps busy alone.
  coresBusyPerRunMedian: overheadResult.coresBusyPerRunMedian,
  throughputCeiling2Workers: Number(Math.min(2, cpus().length / overheadResult.coresBusyPerRunMedian).toFixed(2)),
  quickAuditSeconds: audit?.quick.seconds ?? null,
  peakRssMbPerBrowserWorker: audit ? Math.max(...audit.runs.map((r) => r.peakPssMiBPerWorker)) : null,
  peakPssMbRunner: audit ? Math.max(...audit.runs.map((r) => r.peakPssMiBRunner)) : null,
  overhead: overheadResult.perScenario,
  evidenceCapture: evidence,
  audits: audit ?? null,
  browserOperations: operations,
};
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}/bench.json`, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
console.log(`bench: written to ${outDir}/bench.json`);
