// One error type for every backend, so scenarios and the verdict rules read the same codes whatever drove
// the browser (a DriverError is "the harness could not tell": the run is broken, never passed).

import { AuditError } from '../errors/audit-error';
import type { DriverCode } from '../errors/error-codes';

/** The codes a backend reports; listed with every other error code in errors/error-codes.ts. */
export type DriverErrorCode = DriverCode;

export class DriverError extends AuditError {
  constructor(
    readonly code: DriverErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What the drivers underneath say when the browser's process is gone (killed or crashed, not closed by us):
 * Playwright's words for a dead target or a driver pipe that closed, WebDriver's for a lost session, and this
 * project's own BROWSER_DIED message. The run is then broken as BROWSER_DIED, whichever step met it.
 */
const BROWSER_GONE = [
  /Target page, context or browser has been closed/i,
  /Browser has been closed/i,
  /Browser closed/i,
  /browser has disconnected/i,
  /Target crashed/i,
  /invalid session id/i,
  /chrome not reachable/i,
  /session deleted because of page crash/i,
  /the browser died/i,
];

export function browserGone(text: string): boolean {
  return BROWSER_GONE.some((pattern) => pattern.test(text));
}

export function browserDied(detail: string): DriverError {
  return new DriverError('BROWSER_DIED', `the browser died (its process ended without being closed: killed or crashed) ${detail}`);
}
