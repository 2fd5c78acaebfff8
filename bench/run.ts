// npm run bench: what the harness costs on this machine, measured side by side so that a loaded machine slows
// both sides of every comparison alike. Results go to out/bench.json; no test ever asserts on time.
//  - overhead: the harness's play() against a bare playwright-core script doing the same browser steps on the
//    same embedded portal (bench/bare-scenarios.ts), interleaved round by round, with where the harness's
//    time goes (bench/timed-play.ts) and, in a run of each side of its own, the CPU it used by kind of process
//    and how many cores it kept busy (bench/cpu-use.ts): the ceiling of what a second worker can add;
//  - evidence: what one step's capture costs, part by part (bench/capture-cost.ts);
//  - plan CPU: the default audit command against the bare script for the same plan, CPU from start to exit of
//    each (bench/plan-cpu.ts);
//  - the whole default audit (cli/audit.ts) with 1 and with 2 workers, interleaved, with the peak memory of
//    each browser worker and of the runner (bench/audit-wall.ts), and the --quick audit;
//  - browser operations: launch, close, relaunch, reboot, power cut, dispose, and a browser's memory.
// `npm test` is not run by the bench (npmTestMinutes stays null). The settings (rounds, which parts run, where
// the history goes) are in bench/settings.ts. Every run appends its key figures to bench/history.jsonl.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
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
import { appendHistory, gitState } from './history';
import { planCpu } from './plan-cpu';
import { pssMiB } from './pss';
import { benchSettings } from './settings';
import { ratioStats, stats, timed } from './stats';
import { checkTargets } from './targets';
import { timedPlay, type TimedPlay } from './timed-play';

const settings = benchSettings(process.env);
const ROUNDS = settings.rounds;
const AUDIT_ROUNDS = settings.auditRounds;
const outDir = settings.outDir;
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
  const cpu = new Map<string, { harness: CpuUse; bare: CpuUse }[]>(pairs.map((p) => [p.scenario.id, []]));
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
    // rounds whose times are compared. Interleaved as the timed rounds are.
    for (let round = 0; round < ROUNDS; round++) {
      for (const { scenario, bare } of pairs) {
        const measured = { harness: undefined as CpuUse | undefined, bare: undefined as CpuUse | undefined };
        const sides = [
          async () => (measured.harness = (await cpuUse(() => timedPlay(scenario, target, spec))).cpu),
          async () => (measured.bare = (await cpuUse(() => bare(portal))).cpu),
        ];
        for (const side of round % 2 ? sides.reverse() : sides) await side();
        const { harness: harnessCpu, bare: bareCpu } = measured as { harness: CpuUse; bare: CpuUse };
        cpu.get(scenario.id)!.push({ harness: harnessCpu, bare: bareCpu });
        log(`${scenario.id} CPU round ${round + 1}: harness ${harnessCpu.cpuSeconds} core-s (${harnessCpu.coresBusy} cores busy), bare ${bareCpu.cpuSeconds} core-s (${bareCpu.coresBusy})`);
      }
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
        // The last CPU round's runs by kind of process; cpuSeconds: every round's.
        cpu: cpu.get(id)!.at(-1),
        cpuSeconds: {
          harness: stats(cpu.get(id)!.map((c) => c.harness.cpuSeconds), 2),
          bare: stats(cpu.get(id)!.map((c) => c.bare.cpuSeconds), 2),
          ratio: ratioStats(cpu.get(id)!.map((c) => c.harness.cpuSeconds), cpu.get(id)!.map((c) => c.bare.cpuSeconds)),
        },
      },
    ]),
  );
  const allRatios = [...samples.values()].flatMap(({ harness, bare }) => harness.map((h, i) => h.ms / bare[i]!));
  const allCpu = [...cpu.values()].flat();
  // One run alone keeps this many cores busy; a second worker can add at most what is left of the machine.
  const coresBusy = stats(allCpu.map((c) => c.harness.coresBusy), 2).median;
  // Per run of the three scenarios, one of each: the mean over the scenarios of each one's median CPU.
  const perRun = (side: 'harness' | 'bare') =>
    Number((pairs.reduce((sum, p) => sum + stats(cpu.get(p.scenario.id)!.map((c) => c[side].cpuSeconds), 3).median, 0) / pairs.length).toFixed(2));
  return {
    perScenario,
    overheadRatioMedian: stats(allRatios, 2).median,
    overheadCpuRatioMedian: stats(allCpu.map((c) => c.harness.cpuSeconds / c.bare.cpuSeconds), 2).median,
    auditCoreSecondsPerRun: perRun('harness'),
    bareCoreSecondsPerRun: perRun('bare'),
    coresBusyPerRunMedian: coresBusy,
  };
}

async function audits(quick: boolean) {
  const runs: AuditWall[] = [];
  for (let round = 0; round < (settings.parts.has('audits') ? AUDIT_ROUNDS : 0); round++) {
    for (const workers of round % 2 ? [2, 1] : [1, 2]) {
      runs.push(await auditWall(workers));
      log(`whole audit, ${workers} worker(s): ${runs.at(-1)!.seconds} s`);
    }
  }
  const quickRun = quick ? await auditWall(2, ['--quick']) : undefined;
  if (quickRun) log(`--quick audit: ${quickRun.seconds} s`);
  const seconds = (w: number) => (runs.some((r) => r.workers === w) ? stats(runs.filter((r) => r.workers === w).map((r) => r.seconds), 1) : undefined);
  return { runs, quick: quickRun ?? null, oneWorker: seconds(1), twoWorkers: seconds(2) };
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

const startedLoad = loadavg()[0] ?? null;
const part = <T>(name: Parameters<typeof settings.parts.has>[0], body: () => Promise<T>): Promise<T | undefined> =>
  settings.parts.has(name) ? body() : Promise.resolve(undefined);
log(`parts: ${[...settings.parts].join(', ')}; ${ROUNDS} round(s), ${AUDIT_ROUNDS} audit round(s)`);
const overheadResult = await part('overhead', overhead);
const evidence = await part('evidence', () => captureCost(spec, Math.max(ROUNDS, 5)));
const operations = await part('operations', browserOperations);
const plan = await part('plan-cpu', () => planCpu(AUDIT_ROUNDS, log));
const audit = settings.parts.has('audits') || settings.parts.has('quick') ? await audits(settings.parts.has('quick')) : undefined;
// Every whole audit that ran, --quick included: the peak memory of a worker is whichever was highest.
const auditRuns = [...(audit?.runs ?? []), ...(audit?.quick ? [audit.quick] : [])];
const figures = {
  overheadRatioMedian: overheadResult?.overheadRatioMedian ?? null,
  overheadCpuRatioMedian: overheadResult?.overheadCpuRatioMedian ?? null,
  auditCoreSecondsPerRun: overheadResult?.auditCoreSecondsPerRun ?? null,
  bareCoreSecondsPerRun: overheadResult?.bareCoreSecondsPerRun ?? null,
  defaultAuditCpuRatio: plan?.ratio ?? null,
  fullAuditSeconds: audit?.oneWorker?.median ?? null,
  fullAuditSeconds2Workers: audit?.twoWorkers?.median ?? null,
  throughput2WorkersOver1: audit?.oneWorker && audit.twoWorkers ? Number((audit.oneWorker.median / audit.twoWorkers.median).toFixed(2)) : null,
  // What 2 workers could give at best on this machine: all its cores over what one run keeps busy alone.
  coresBusyPerRunMedian: overheadResult?.coresBusyPerRunMedian ?? null,
  throughputCeiling2Workers: overheadResult ? Number(Math.min(2, cpus().length / overheadResult.coresBusyPerRunMedian).toFixed(2)) : null,
  quickAuditSeconds: audit?.quick?.seconds ?? null,
  // PSS despite the name (kept for the readers of earlier bench.json files).
  peakRssMbPerBrowserWorker: auditRuns.length ? Math.max(...auditRuns.map((r) => r.peakPssMiBPerWorker)) : null,
  peakPssMbRunner: auditRuns.length ? Math.max(...auditRuns.map((r) => r.peakPssMiBRunner)) : null,
  npmTestMinutes: null,
};
const endedLoad = loadavg()[0] ?? null;
const measuredAt = new Date().toISOString();
const result = {
  measuredAt,
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, loadAverage1mAtStart: startedLoad, loadAverage1mAtEnd: endedLoad },
  rounds: ROUNDS,
  auditRounds: AUDIT_ROUNDS,
  parts: [...settings.parts],
  driver: 'playwright:chromium',
  ...figures,
  notMeasured: {
    npmTestMinutes: 'npm run bench never runs npm test; time it on a fresh clone: git clone . /tmp/ci && cd /tmp/ci && CI=true bash -c "time bash .ci/run"',
  },
  targets: checkTargets(figures),
  overhead: overheadResult?.perScenario ?? null,
  defaultAuditCpu: plan ?? null,
  evidenceCapture: evidence ?? null,
  audits: audit ?? null,
  browserOperations: operations ?? null,
};
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}/bench.json`, `${JSON.stringify(result, null, 2)}\n`);
appendHistory(settings.historyFile, {
  date: measuredAt,
  source: 'npm run bench',
  ...gitState(fileURLToPath(new URL('..', import.meta.url))),
  command: `BENCH_ROUNDS=${ROUNDS} BENCH_AUDIT_ROUNDS=${AUDIT_ROUNDS} BENCH_PARTS=${[...settings.parts].join(',')} npx tsx bench/run.ts`,
  parts: [...settings.parts],
  machine: { cores: cpus().length, cpuModel: cpus()[0]?.model ?? null, memoryGiB: result.machine.memoryGiB, loadAverageAtStart: startedLoad, loadAverageAtEnd: endedLoad },
  figures: {
    overheadRatioMedian: figures.overheadRatioMedian,
    overheadCpuRatioMedian: figures.overheadCpuRatioMedian,
    auditCoreSecondsPerRun: figures.auditCoreSecondsPerRun,
    bareCoreSecondsPerRun: figures.bareCoreSecondsPerRun,
    defaultAuditCpuRatio: figures.defaultAuditCpuRatio,
    coresBusyPerRunMedian: figures.coresBusyPerRunMedian,
    fullAuditSeconds: figures.fullAuditSeconds,
    fullAuditSeconds2Workers: figures.fullAuditSeconds2Workers,
    throughput2WorkersOver1: figures.throughput2WorkersOver1,
    quickAuditSeconds: figures.quickAuditSeconds,
    peakPssMiBPerWorker: figures.peakRssMbPerBrowserWorker,
    npmTestMinutes: null,
  },
});
console.log(JSON.stringify(result, null, 2));
console.log(`bench: written to ${outDir}/bench.json, a line appended to ${settings.historyFile}`);
