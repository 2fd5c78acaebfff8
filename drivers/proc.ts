import { readFileSync } from 'node:fs';

// What Linux's /proc says of one process, read in one place: the drivers find and end a profile's browser
// processes by it (drivers/profile/processes.ts), and the benchmarks and CLI tests follow process trees by it.

export interface ProcStat {
  ppid: number;
  /** One letter: R running, S sleeping, Z zombie, ... */
  state: string;
  /** CPU used so far, user + system, in clock ticks (100 a second on Linux). */
  ticks: number;
  /** When the process started, in clock ticks after boot: with the pid, it names one process (pids are reused). */
  startTicks: number;
}

/** The process's /proc/<pid>/stat, or null when it has ended (or never was). */
export function procStat(pid: number): ProcStat | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // it ended while we looked
  }
  // The command name in parentheses may itself contain spaces or parentheses: parse after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '?', ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), startTicks: Number(fields[19]) };
}

/** The process's command line, arguments joined by spaces ('' for a kernel thread); null when it has ended. */
export function procCommandLine(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return null; // it ended while we looked
  }
}
