// The shapes of an operator's reboot hook run, apart from the code that runs it (reboot-hook.ts), so that the
// driver interface (drivers/driver.ts) can name them without importing an implementation.

export type HookAction = 'reboot' | 'power-cut';

export interface HookReport {
  action: HookAction;
  durationMs: number;
  /** null when the hook did not exit by itself (killed at the timeout, or ended by a signal). */
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** The last bytes of stdout and stderr as they arrived (reboot-hook.ts's OUTPUT_TAIL_BYTES), secrets masked. */
  outputTail: string;
}
