import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors/audit-error';

// One audit per output directory: an audit starts by deleting the previous results in --out, so a second audit
// on the same --out would delete the first one's evidence while it runs (and the two would write one
// summary.json). The lock is a file in --out holding the live audit's pid; a lock whose pid is gone (an audit
// killed outright) is stale and taken over.

export const OUT_LOCK_NAME = '.audit.lock';

function readPid(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, only not ours to signal
  }
}

function busy(outDir: string, pid: number): InputError {
  return new InputError(`--out ${outDir} is in use by another audit (pid ${pid}): wait for it to end, or give this audit another --out`);
}

/**
 * Takes --out for this process, or throws (with the other audit's pid) when a live audit holds it. Returns the
 * release, which also runs at exit; it removes the lock only while it is still this process's.
 */
export function lockOutDir(outDir: string): () => void {
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, OUT_LOCK_NAME);
  // Two tries: the first may meet a stale lock, which is set aside; a lock met again is someone else's.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      const release = () => {
        if (readPid(path) === process.pid) rmSync(path, { force: true });
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
    const holder = readPid(aside);
    if (holder !== undefined && holder !== process.pid && alive(holder)) {
      try {
        linkSync(aside, path);
      } catch {
        // another audit's lock is there already
      }
      rmSync(aside, { force: true });
      throw busy(outDir, holder);
    }
    rmSync(aside, { force: true }); // stale: its audit died without removing it
  }
  const holder = readPid(path);
  throw busy(outDir, holder ?? 0);
}
