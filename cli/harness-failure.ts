import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withInterruption } from '../reports/merge-junit';
import { writeSummary, type Summary } from '../reports/summary';

/**
 * A harness failure after the runs (a full disk, a report that could not be built) is written into the run's
 * summary.json and junit.xml where they can still be written, so neither is read as a whole audit; where the
 * disk is full they cannot, and the exit code 2 alone says it.
 */
export function noteHarnessFailure(outDir: string, line: string): void {
  try {
    const path = join(outDir, 'summary.json');
    if (existsSync(path)) writeSummary(outDir, { ...(JSON.parse(readFileSync(path, 'utf8')) as Summary), harnessFailure: line });
    const junit = join(outDir, 'junit.xml');
    if (existsSync(junit)) writeFileSync(junit, withInterruption(readFileSync(junit, 'utf8'), `the audit could not finish: ${line}`));
  } catch {
    // the same failure again (the disk is still full): the exit code says it
  }
}

