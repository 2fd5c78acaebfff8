import { existsSync, lstatSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors/audit-error';
import { MANIFEST_NAME } from '../reports/manifest';
import { OUT_LOCK_NAME } from './out-lock';

// An audit's output folder holds what earlier audits wrote there, and nothing else: a run first removes every
// product of an earlier run (so nothing left there can be read as this run's result until this run writes it:
// an interrupted run must not leave last night's green report behind), and it never empties a folder of files
// it did not write (a mistyped --out such as the home folder would lose them).

/** What an audit writes at the top of its --out; the Allure history is kept from run to run (trends). */
// `check`: the screenshots of `logout-audit check` (cli/check.ts), removed like the rest, so an audit's folder
// never shows an earlier round's pictures as if they were this run's.
const PRODUCTS = ['allure-results', 'test-results', 'report', 'summary.json', 'junit.xml', 'defect-matrix.json', 'check', MANIFEST_NAME];
const KEPT = ['history', 'shards', OUT_LOCK_NAME];
/** What the project's own benchmarks write beside an audit's products in out/ (bench/). */
const BENCH_OUTPUTS = ['bench.json', 'bench-grid.json', 'soak', 'soak.json', 'under-load.json', 'under-load-audit', 'under-load-defects'];

/**
 * Refuses an --out that is a symbolic link (its target could be anywhere: a system folder would get the run's
 * files, a dangling one fails only after the run), and a folder holding entries no audit writes.
 */
export function checkOutDirOwnership(outDir: string, given: string): void {
  if (!existsSync(outDir) && !isLink(outDir)) return;
  if (isLink(outDir)) {
    throw new InputError(`--out ${given} is a symbolic link: give the folder itself (where it points could be anywhere), e.g. --out ${given}-audit`);
  }
  const foreign = readdirSync(outDir).filter((entry) => ![...PRODUCTS, ...KEPT, ...BENCH_OUTPUTS].includes(entry));
  if (foreign.length > 0) {
    const named = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? `, and ${foreign.length - 3} more` : '');
    throw new InputError(`--out ${given} holds files an audit did not write (${named}): give a new or empty folder, or an earlier audit's output`);
  }
}

/** Removes what an earlier run wrote, before this run writes anything; the history stays. */
export function removeEarlierProducts(outDir: string): void {
  for (const product of PRODUCTS) rmSync(join(outDir, product), { recursive: true, force: true });
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
