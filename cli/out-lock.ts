import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { procStat } from '../drivers/proc';
import { InputError } from '../errors/audit-error';

// One audit per output directory: an audit starts by deleting the previous results in --out, so a second audit
// on the same --out would delete the first one's evidence while it runs (and the two would write one
// summary.json). The lock is a file in --out holding the live audit's pid and the time its process started; a
// lock whose process is gone (an audit killed outright) is stale and taken over, also when its pid has since
// been given to another process: pid and start time together name one process.

export const OUT_LOCK_NAME = '.audit.lock';

interface Holder {
  pid: number;
  /** Absent in a lock written before start times were recorded: the pid alone then decides. */
  startTicks?: number;
}

function readHolder(path: string): Holder | undefined {
  try {
    const [pid, start] = readFileSync(path, 'utf8').trim().split(/\s+/).map(Number);
    if (!Number.isInteger(pid) || pid! <= 0) return undefined;
    return { pid: pid!, ...(Number.isInteger(start) ? { startTicks: start } : {}) };
  } catch {
    return undefined;
  }
}

function lockLine(): string {
  const started = procStat(process.pid)?.startTicks;
  return `${process.pid}${started === undefined ? '' : ` ${started}`}\n`;
}

function alive({ pid, startTicks }: Holder): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false; // EPERM: alive, only not ours to signal
  }
  if (startTicks === undefined) return true;
  const now = procStat(pid);
  return now === null || now.startTicks === startTicks; // unreadable /proc: trust the pid, as before
}

function busy(outDir: string, pid: number): InputError {
  return new InputError(`--out ${outDir} is in use by another audit (pid ${pid}): wait for it to end, or give this audit another --out`);
}

/**
 * Takes --out for this process, or throws (with the other audit's pid) when a live audit holds it. Returns the
 * release, which also runs at exit; it removes the lock only while it is still this process's.
 */
export function lockOutDir(outDir: string): () => void {
  try {
    mkdirSync(outDir, { recursive: true });
    return takeLock(outDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!code || error instanceof InputError) throw error;
    // A folder this user cannot write into (read-only, immutable, a full disk) fails here, before any browser
    // starts, with what to do: Node's own error names only a file the user never asked for.
    throw new InputError(`--out ${outDir} cannot be written (${code}): give a folder this user can write to, e.g. --out /tmp/logout-audit-out`);
  }
}

function takeLock(outDir: string): () => void {
  const path = join(outDir, OUT_LOCK_NAME);
  // Two tries: the first may meet a stale lock, which is set aside; a lock met again is someone else's.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(path, lockLine(), { flag: 'wx' });
      const release = () => {
        if (readHolder(path)?.pid === process.pid) rmSync(path, { force: true });
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // Set the lock aside atomically before judging it, so a fresh lock another audit wrote meanwhile is never
    // deleted by mistake: a live one is put back where it was (link fails if yet another appeared) and refused.
    const aside = `${path}.${process.pid}`;
    try {
      renameSync(path, aside);
    } catch {
      continue; // gone meanwhile: try to take it
    }
    const holder = readHolder(aside);
    if (holder !== undefined && holder.pid !== process.pid && alive(holder)) {
      try {
        linkSync(aside, path);
      } catch {
        // another audit's lock is there already
      }
      rmSync(aside, { force: true });
      throw busy(outDir, holder.pid);
    }
    rmSync(aside, { force: true }); // stale: its audit died without removing it
  }
  throw busy(outDir, readHolder(path)?.pid ?? 0);
}
