import { readdirSync } from 'node:fs';
import type { RestartReport } from '../driver';
import { DriverError } from '../driver-error';
import type { HookAction } from './hook-types';
import { delay } from '../wait';
import { procCommandLine, procStat } from '../proc';

// A browser with a persistent profile has no handle we can kill (Playwright gives no browser.process() for a
// persistent context), so its processes are found in /proc: every process whose command line names the
// profile dir, plus all their descendants (renderers, GPU and network services, crashpad). They are ended by
// PID, never by name or process group, so nothing else on the machine (another worker's browser) is touched.

interface ProcInfo {
  pid: number;
  ppid: number;
  state: string;
  cmdline: string;
}

function readProc(pid: number): ProcInfo | null {
  const stat = procStat(pid);
  const cmdline = stat && procCommandLine(pid);
  if (!stat || cmdline === null) return null; // it ended while we looked
  return { pid, ppid: stat.ppid, state: stat.state, cmdline };
}

function allProcesses(): ProcInfo[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => readProc(Number(entry)))
    .filter((p): p is ProcInfo => p !== null && p.state !== 'Z');
}

/** PIDs of every live process that holds the profile: named by it on the command line, or descending from one. */
export function profileProcesses(profileDir: string): number[] {
  const procs = allProcesses();
  const holders = new Set(procs.filter((p) => p.cmdline.includes(profileDir)).map((p) => p.pid));
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of procs) {
      if (!holders.has(p.pid) && holders.has(p.ppid)) {
        holders.add(p.pid);
        grew = true;
      }
    }
  }
  return [...holders];
}

/** The command lines of every live process that names `fragment` on its own command line. */
export function commandLinesNaming(fragment: string): string[] {
  return allProcesses()
    .filter((p) => p.cmdline.includes(fragment))
    .map((p) => p.cmdline);
}

function alive(pid: number): boolean {
  const info = readProc(pid);
  return info !== null && info.state !== 'Z';
}

function signal(pids: number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}

async function waitUntilGone(pids: number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let left = pids.filter(alive);
  while (left.length > 0 && Date.now() < deadline) {
    await delay(25);
    left = left.filter(alive);
  }
  return left;
}

export interface KillReport {
  terminated: number[];
  killed: number[];
  survivors: number[];
}

/**
 * What an OS shutdown does to a browser: SIGTERM to every process, a grace period, then SIGKILL for what is
 * left. Measured: Chromium exits ~0.1 s after SIGTERM and skips pending cookie writes; Firefox dies from it.
 */
export async function shutDownLikeAReboot(profileDir: string, graceMs = 2000): Promise<KillReport> {
  const pids = profileProcesses(profileDir);
  signal(pids, 'SIGTERM');
  const stubborn = await waitUntilGone(pids, graceMs);
  signal(stubborn, 'SIGKILL');
  // Children forked between the scan and the signals would escape: scan again.
  const late = profileProcesses(profileDir);
  signal(late, 'SIGKILL');
  const survivors = await waitUntilGone([...stubborn, ...late], 5000);
  return { terminated: pids, killed: [...new Set([...stubborn, ...late])], survivors };
}

/** A power cut: SIGKILL at once, no process gets to write anything. */
export async function cutPower(profileDir: string): Promise<KillReport> {
  const pids = profileProcesses(profileDir);
  signal(pids, 'SIGKILL');
  const late = profileProcesses(profileDir);
  signal(late, 'SIGKILL');
  const survivors = await waitUntilGone([...pids, ...late], 5000);
  return { terminated: [], killed: [...new Set([...pids, ...late])], survivors };
}

/** Waits until no process holds the profile (a clean exit has finished); returns those still there at the end. */
export async function waitForNoProcesses(profileDir: string, timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let left = profileProcesses(profileDir);
  while (left.length > 0 && Date.now() < deadline) {
    await delay(50);
    left = profileProcesses(profileDir);
  }
  return left;
}

/**
 * The evidence of a restart done on this machine by signals. A running browser of which no process was found
 * would make the "restart" a no-op that a later clean close turns into a clean exit: that is refused, as is a
 * process that outlived SIGKILL.
 */
export function restartBySignals(action: HookAction, report: KillReport, browserWasRunning: boolean): RestartReport {
  if (report.survivors.length > 0) {
    throw new DriverError('PROCESS_SURVIVED', `processes ${report.survivors.join(', ')} survived SIGKILL`);
  }
  if (browserWasRunning && report.terminated.length + report.killed.length === 0) {
    throw new DriverError('PROCESS_NOT_FOUND', 'the browser was running but no process held its profile: the restart would have ended nothing');
  }
  return { action, method: 'signals', terminated: report.terminated, killed: report.killed };
}
