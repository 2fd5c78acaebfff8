// One error type for every backend, so scenarios and the verdict rules read the same codes whatever drove
// the browser (a DriverError is "the harness could not tell": the run is broken, never passed).

export type DriverErrorCode =
  | 'NAVIGATION_FAILED'
  | 'SELECTOR_MISSING'
  | 'BROWSER_NOT_RUNNING'
  | 'PROCESS_SURVIVED'
  | 'PROCESS_NOT_FOUND'
  | 'SESSION_NOT_CREATED'
  | 'NOT_SUPPORTED'
  | 'DRIVER_NOT_FOUND'
  | 'REBOOT_HOOK_FAILED';

export class DriverError extends Error {
  constructor(
    readonly code: DriverErrorCode,
    message: string,
  ) {
    super(message);
  }
}
