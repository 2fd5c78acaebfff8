// Every stable code an error of this project can carry, by the layer that throws it. A code is part of the
// interface (the CLI, scripts and the verdict rules read it), so it is only ever added, never reworded.
// tsc holds each error class to this list: a class whose code is missing here does not compile.

/** A target file that does not describe a portal (targets/target.ts). */
export type TargetErrorCode = 'TARGET_INVALID';

/** Why a run is broken: the harness could not decide (scenarios/verdict.ts BrokenError). */
export type BrokenCode =
  | 'LOGIN_FAILED'
  | 'LOGOUT_NOT_FINISHED'
  | 'PAGE_UNRECOGNISED'
  | 'PORTAL_UNREACHABLE'
  | 'SELECTOR_MISSING'
  | 'BROWSER_FAILED'
  | 'PRECONDITION'
  | 'TOO_SLOW'
  /** The browser wrote its logged-out state before the power cut came: the cut came too late on this machine. */
  | 'CUT_CAME_LATE'
  | 'CONTROL_FAILED'
  | 'BROWSER_DIED';

/** What a browser backend reports (drivers/driver-error.ts DriverError; the union there must stay within this). */
export type DriverCode =
  | 'NAVIGATION_FAILED'
  | 'SELECTOR_MISSING'
  | 'BROWSER_NOT_RUNNING'
  | 'BROWSER_DIED'
  | 'PROCESS_SURVIVED'
  | 'PROCESS_NOT_FOUND'
  | 'SESSION_NOT_CREATED'
  | 'NOT_SUPPORTED'
  | 'DRIVER_NOT_FOUND'
  | 'REBOOT_HOOK_FAILED';

/** The machine cannot run a browser as asked: none installed, its settings not taken, a hook misconfigured. */
export type SetupCode = 'BROWSER_NOT_FOUND' | 'PREFS_NOT_APPLIED' | 'REBOOT_HOOK_CONFIG_INVALID';

/** A wrong AUDIT_* variable or CLI option, named with its fix (audit/settings.ts SettingsError). */
export type SettingsCode = 'SETTINGS_INVALID';

/**
 * A refused value that a user typed or configured (an option, a list item, a target set, a grid URL, TMPDIR),
 * the message naming it and its fix (errors/audit-error.ts InputError).
 */
export type InputCode = 'INPUT_INVALID';

/** The loopback Selenium Grid (grid/start-grid.ts). */
export type GridCode = 'JAVA_NOT_FOUND' | 'GRID_NOT_READY' | 'BAD_ARGUMENT';

/** An output folder that cannot be verified or merged (reports/manifest.ts, reports/merge-runs.ts). */
export type ReportCode = 'MANIFEST_INVALID' | 'MERGE_REFUSED';

/** A test whose scenario was broken, thrown so the runner files it as broken (scenarios/verdict.ts UndecidedError). */
export type UndecidedCode = 'UNDECIDED';

export type ErrorCode = TargetErrorCode | BrokenCode | DriverCode | SetupCode | SettingsCode | InputCode | GridCode | ReportCode | UndecidedCode;
