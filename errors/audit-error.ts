import type { ErrorCode } from './error-codes';

export type { ErrorCode } from './error-codes';

/**
 * The one base of every error this project throws on purpose: a short message that says what to do, and a
 * stable `code` (errors/error-codes.ts) that callers branch on instead of on the class or the wording. Code
 * that only needs to know "ours, and which" (the CLI's exit codes, a broken run's reason) tests
 * `isAuditError`; anything else that reaches it is a bug, and keeps its stack.
 */
export abstract class AuditError extends Error {
  abstract readonly code: ErrorCode;

  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    // Stacks and Playwright's error lines then name the class ("DriverError: …"), not a bare "Error".
    this.name = new.target.name;
  }
}

/** Whether `error` is one of ours, and (when codes are given) carries one of them. */
export function isAuditError<C extends ErrorCode>(error: unknown, ...codes: C[]): error is AuditError & { readonly code: C } {
  return error instanceof AuditError && (codes.length === 0 || (codes as ErrorCode[]).includes(error.code));
}

/**
 * A refusal of what a user typed or configured: an unknown scenario, browser, persona or preset, a wrong
 * option or pair of options, a grid that cannot run what was asked. The message says what is wrong and how
 * to fix it; the CLI prints it alone, never with a stack (a stack is for bugs, which stay plain `Error`).
 */
export class InputError extends AuditError {
  readonly code = 'INPUT_INVALID';
}
