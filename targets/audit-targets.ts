
// The targets one audit run covers (the CLI's --target, repeatable), as the CLI hands them to Playwright's
// config and reporters in AUDIT_TARGETS. Each target's name is the one its file declares: it is the Allure epic,
// the `target` of every summary entry and part of the run's key, so two targets of one run must differ by name.

import { InputError } from '../errors/audit-error';

/** One target of a run: its file (absolute; '' for the embedded reference portal) and the name it declares. */
export interface AuditTarget {
  file: string;
  name: string;
}

/** The embedded reference portal's name (targets/reference.ts), the target of a run without --target. */
export const EMBEDDED_TARGET: AuditTarget = { file: '', name: 'reference-portal' };

/** AUDIT_TARGETS is JSON: any character may be in a path or a name, so no separator can be relied on. */
export function formatAuditTargets(targets: AuditTarget[]): string {
  return JSON.stringify(targets);
}

/**
 * The Playwright project of one (target, browser): `audit:<browser>` when the run has one target (as always),
 * `audit:<browser>:<target name>` when it has several.
 */
export function auditProjectName(browserId: string, target: AuditTarget, targetCount: number): string {
  return targetCount > 1 ? `audit:${browserId}:${target.name}` : `audit:${browserId}`;
}

/**
 * Refuses a second target of the same file or name (Playwright compares project names ignoring case): their
 * results would share one key in the summary and one epic in the report.
 */
export function checkDistinctTargets(targets: AuditTarget[], fileOf: (t: AuditTarget) => string = (t) => t.file): void {
  for (const [i, t] of targets.entries()) {
    const earlier = targets.slice(0, i).find((e) => e.file === t.file || e.name.toLowerCase() === t.name.toLowerCase());
    if (!earlier) continue;
    if (earlier.file === t.file) throw new InputError(`--target ${fileOf(t)} is given twice: give each target file once`);
    throw new InputError(`--target ${fileOf(earlier)} and --target ${fileOf(t)} both name their portal "${t.name}": give each target its own name (the report groups results by it)`);
  }
}
