import { readFileSync, statSync } from 'node:fs';

/** When a file was last written (epoch ms), 0 when it does not exist (yet): the browser has not written it. */
export function mtimeMs(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Whether one of `files` was written after `sinceMs` and, when `value` is given, holds it verbatim. A write
 * after a change is not proof that the change is in it: browsers batch localStorage changes and write them
 * about 5 s later, so a write of an earlier change (the page's own, made just before) can land after `sinceMs`
 * without the harness's, which reaches the browser's storage process later on a busy machine (seen once in
 * conformance:firefox under load: the value was lost to the power cut). A short text value is kept as it is in
 * Chromium's LevelDB log and Firefox's SQLite file (measured: it appears verbatim once written).
 */
export function writtenSinceHolding(files: readonly string[], sinceMs: number, value?: string): boolean {
  return files.some((file) => {
    if (mtimeMs(file) <= sinceMs) return false;
    if (value === undefined) return true;
    try {
      return readFileSync(file).includes(value);
    } catch {
      return false; // gone between the two reads (a compaction, a checkpoint): asked again on the next poll
    }
  });
}
