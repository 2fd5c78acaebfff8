import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** When a file was last written (epoch ms), 0 when it does not exist (yet): the browser has not written it. */
export function mtimeMs(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** The newest mtimeMs of any file below `dir` (its subfolders included), 0 when it holds none (yet). */
export function newestMtimeUnder(dir: string): number {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  return entries.reduce((newest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestMtimeUnder(path) : mtimeMs(path));
  }, 0);
}
