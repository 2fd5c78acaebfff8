// CPU seconds that this process and every process it starts use while a piece of work runs, by kind of
// process. Used by bench/run.ts to say how many cores one scenario run keeps busy on its own: on 2 cores, a run
// that keeps 1.6 busy leaves room for at most 2 / 1.6 = 1.25 times the throughput with a second worker,
// whatever the harness does.
//
// Read from /proc every 50 ms. Not from this process's cutime: Chromium's renderers are forked by its zygote
// and are not reaped into that account (measured: cutime showed 2.1 core-s of a run that the reads showed
// using 3.9). A process that starts and ends between two reads is missed, so the figure can be low, never high.
// The reads' own CPU is subtracted from this process's.
import { readdirSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import { procCommandLine, procStat } from '../drivers/proc';

const TICKS_PER_SECOND = 100; // USER_HZ: what procStat's ticks count in on Linux
const READ_EVERY_MS = 50;

interface ProcessSeen {
  kind: string;
  /** CPU ticks at the first read if the process was already running when the measure began, else 0. */
  fromTicks: number;
  ticks: number;
}

export interface CpuUse {
  wallSeconds: number;
  cpuSeconds: number;
  /** cpuSeconds / wallSeconds: how many cores the work kept busy on average. */
  coresBusy: number;
  byProcess: Record<string, number>;
}

function exeOf(pid: number): string {
  try {
    return basename(readlinkSync(`/proc/${pid}/exe`));
  } catch {
    return ''; // ended meanwhile
  }
}

function kindOf(pid: number): string {
  if (pid === process.pid) return 'node (harness or script, and the embedded portal)';
  // The executable, not argv[0]: Chromium starts some of its processes as /proc/self/exe.
  const executable = exeOf(pid);
  if (!/chrom/i.test(executable)) return `other: ${executable || '?'}`;
  const cmdline = procCommandLine(pid) ?? '';
  const type = /--type=([a-z-]+)/.exec(cmdline)?.[1] ?? 'browser';
  const utility = /--utility-sub-type=[\w.]*\.(\w+)/.exec(cmdline)?.[1];
  return `chromium ${type}${utility ? ` (${utility})` : ''}`;
}

/**
 * Runs `body` and measures the CPU of this process and of its descendants while it ran. With `countSelf: false`
 * only the descendants count: for a body that starts a command and waits for it, this process is a spectator.
 */
export async function cpuUse<T>(body: () => Promise<T>, { countSelf = true } = {}): Promise<{ result: T; cpu: CpuUse }> {
  const seen = new Map<number, ProcessSeen>([[process.pid, { kind: kindOf(process.pid), fromTicks: procStat(process.pid)!.ticks, ticks: 0 }]]);
  let readingMicros = 0;
  let first = true;
  const readAll = () => {
    const started = process.cpuUsage();
    const parents = new Map<number, number>();
    const ticks = new Map<number, number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = procStat(Number(entry));
      if (!stat) continue;
      parents.set(Number(entry), stat.ppid);
      ticks.set(Number(entry), stat.ticks);
    }
    // A process is ours when its parent is: walk down from this process, in rounds, until nothing is added.
    let added = true;
    while (added) {
      added = false;
      for (const [pid, ppid] of parents) {
        if (seen.has(pid) || !seen.has(ppid)) continue;
        // Already running at the first read (a leftover of earlier work): only what it uses from now counts.
        seen.set(pid, { kind: kindOf(pid), fromTicks: first ? ticks.get(pid)! : 0, ticks: 0 });
        added = true;
      }
    }
    for (const [pid, entry] of seen) {
      if (!ticks.has(pid)) continue;
      entry.ticks = ticks.get(pid)!;
      // Named again while it may still change: Debian's /usr/bin/chromium is a shell script that execs the
      // browser, and a renderer forked by Chromium's zygote shows the zygote's command line until it sets its own.
      // (Not from a zombie, whose executable can no longer be read.)
      if (entry.kind.startsWith('other:') || entry.kind.includes('zygote')) {
        const now = kindOf(pid);
        if (now !== 'other: ?') entry.kind = now;
      }
    }
    first = false;
    const used = process.cpuUsage(started);
    readingMicros += used.user + used.system;
  };
  readAll();
  const timer = setInterval(readAll, READ_EVERY_MS);
  const startedAt = performance.now();
  try {
    const result = await body();
    const wallSeconds = (performance.now() - startedAt) / 1000;
    readAll();
    const byProcess: Record<string, number> = {};
    for (const [pid, { kind, fromTicks, ticks }] of seen) {
      if (pid === process.pid && !countSelf) continue;
      const seconds = (ticks - fromTicks) / TICKS_PER_SECOND - (pid === process.pid ? readingMicros / 1e6 : 0);
      byProcess[kind] = (byProcess[kind] ?? 0) + seconds;
    }
    const cpuSeconds = Object.values(byProcess).reduce((sum, s) => sum + s, 0);
    const rounded = Object.fromEntries(Object.entries(byProcess).sort((a, b) => b[1] - a[1]).map(([k, s]) => [k, Number(s.toFixed(2))]));
    return { result, cpu: { wallSeconds: Number(wallSeconds.toFixed(2)), cpuSeconds: Number(cpuSeconds.toFixed(2)), coresBusy: Number((cpuSeconds / wallSeconds).toFixed(2)), byProcess: rounded } };
  } finally {
    clearInterval(timer);
  }
}
