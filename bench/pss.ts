// Proportional set size of process trees, from /proc/<pid>/smaps_rollup (summing RSS would count the pages
// Chromium's processes share once per process). Used by bench/run.ts to follow an audit's memory.
import { readdirSync, readFileSync } from 'node:fs';
import { procCommandLine, procStat } from '../drivers/proc';

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // the process ended meanwhile
  }
}

export function pssMiB(pid: number): number {
  const match = /^Pss:\s+(\d+) kB/m.exec(read(`/proc/${pid}/smaps_rollup`));
  return Number(match?.[1] ?? 0) / 1024;
}

/** pid -> children, for every process visible now. */
function childrenByParent(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    // The parent pid is the 2nd field after the command name, which is in parentheses and may hold spaces.
    const ppid = procStat(Number(entry))?.ppid;
    if (ppid === undefined) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  return children;
}

function subtree(pid: number, children: Map<number, number[]>): number[] {
  return [pid, ...(children.get(pid) ?? []).flatMap((c) => subtree(c, children))];
}

export interface TreeMemory {
  /** PSS of each Playwright test worker with everything it started (its browsers, its embedded portal). */
  workersMiB: number[];
  /** PSS of the rest of the tree: the CLI, the Playwright runner, the report build. */
  runnerMiB: number;
}

/** The memory of an audit's process tree right now, split into its test workers and the runner. */
export function auditTreeMemory(rootPid: number): TreeMemory {
  const children = childrenByParent();
  const all = subtree(rootPid, children);
  const workers = all.filter((pid) => (procCommandLine(pid) ?? '').includes('workerProcessEntry'));
  const inWorkers = new Set(workers.flatMap((w) => subtree(w, children)));
  const sum = (pids: number[]) => pids.reduce((total, pid) => total + pssMiB(pid), 0);
  return {
    workersMiB: workers.map((w) => sum(subtree(w, children))),
    runnerMiB: sum(all.filter((pid) => !inWorkers.has(pid))),
  };
}
