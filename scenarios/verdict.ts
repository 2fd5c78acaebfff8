// Verdicts are fail-closed: a scenario passes only when every check positively saw what it expected.
// - passed: all checks saw the login required (or the store empty, ...), and at least one check ran;
// - failed: a check saw the portal let someone in: a finding, with a code, expected vs seen and evidence;
// - broken: the harness could not tell (login did not work, portal down, selector missing, browser died);
// - skipped: the driver lacks a capability the scenario needs; the reason is stated.
// A finding is never retried away: once seen, it is reported, whatever happens after it.

import { AuditError } from '../errors/audit-error';
import type { BrokenCode, ErrorCode } from '../errors/error-codes';

export type Verdict = 'passed' | 'failed' | 'broken' | 'skipped';

/** Stable codes, one per way a logout can fail (README, "What an audit does"). */
export const findingCodes = [
  'LOGIN_NOT_REQUIRED_AFTER_LOGOUT',
  'SESSION_SURVIVED_RESTART',
  'SESSION_SURVIVED_REBOOT',
  'SESSION_REVIVED_AFTER_CRASH',
  'SESSION_SURVIVED_CLOSE',
  'SESSION_VALID_AFTER_LOGOUT',
  'IDP_SESSION_VALID_AFTER_LOGOUT',
  'IDP_SESSION_ALIVE',
  'AUTHENTICATED_PAGE_CACHED',
  'AUTH_DATA_LEFT_IN_BROWSER',
  'OTHER_TAB_STILL_AUTHENTICATED',
  'OTHER_DEVICE_STILL_AUTHENTICATED',
  'PREVIOUS_USER_VISIBLE',
  'SESSION_NOT_ROTATED',
  'PERSISTENT_SESSION_COOKIE',
  'COOKIE_FLAGS_WEAK',
  'IDLE_TIMEOUT_NOT_ENFORCED',
  'REMEMBER_ME_SURVIVED_LOGOUT',
  'TOKEN_VALID_AFTER_LOGOUT',
] as const;

export type FindingCode = (typeof findingCodes)[number];

export interface Finding {
  code: FindingCode;
  /** One line: what went wrong, for people. */
  message: string;
  expected: string;
  seen: string;
  /** The step whose check saw it. */
  step: string;
  url?: string;
}

/**
 * One check line of a scenario. A `control` line is a positive control: the same means that must be refused
 * after logout was shown to be accepted while logged in (the copied jar opened the personal data, the API call
 * succeeded). A passed check that expects a refusal names its control in `needs`; without that control line in
 * the same scenario it proves nothing (a misdescribed target is refused everything) and cannot pass.
 */
export interface CheckRecord {
  step: string;
  check: string;
  /**
   * `premise`: a precondition seen to hold (logged in; the browser ended as a reboot ends it). It proves nothing
   * about logout by itself, so a scenario whose only passes are premises has tested nothing.
   */
  outcome: 'passed' | 'premise' | 'control' | 'finding' | 'not-applicable';
  seen: string;
  /** For a refusal check: the control it depends on. For a control line: the control's own name. */
  control?: string;
}

/**
 * The one stable code of a result, for CI, scripts and the Allure categories (never a message to parse): a
 * finding's code for failed (the first finding's), why for broken (errors/error-codes.ts BrokenCode, and the
 * causes below) and skipped, PASSED for passed.
 */
export type ResultCode =
  | FindingCode
  | ErrorCode
  | 'PASSED'
  /** broken: a refusal check passed while its positive control never held. */
  | 'CONTROL_MISSING'
  /** broken: no check saw what it expected. */
  | 'PROVED_NOTHING'
  /** broken: the harness itself failed in an unexpected way (a bug, or an error that is not an AuditError). */
  | 'HARNESS_ERROR'
  /** skipped: the target does not declare what the scenario needs, or every check found its premise absent. */
  | 'NOT_APPLICABLE'
  /** skipped: the driver lacks a capability the scenario needs (or a profile the preset needs). */
  | 'CAPABILITY_MISSING'
  /** broken: a run that never got a verdict (reports/read-verdict.ts). */
  | 'WORKER_DIED'
  | 'INTERRUPTED'
  | 'TIMED_OUT'
  | 'NOT_RUN'
  /** broken: the audit's opening check (logout-audit check) found the target file unfit; no run started. */
  | 'TARGET_CHECK_FAILED';

export interface ScenarioResult {
  scenario: string;
  browser: string;
  driver: string;
  preset: string;
  persona: string;
  verdict: Verdict;
  /** The result's stable code (absent only in results written before codes existed). */
  code?: ResultCode;
  findings: Finding[];
  checks: CheckRecord[];
  /** Why the harness could not decide (broken) or did not run (skipped). */
  reason?: string;
  /**
   * Played in one login/logout round with these scenarios (scenarios/shared-round.ts); the evidence of the round
   * is in the test named by playedIn. durationMs is then the round's.
   */
  sharedRound?: { members: string[]; playedIn: string };
  durationMs: number;
}

/**
 * Thrown by a step when the rest of its scenario has nothing to test here (a login the browser never wrote to
 * disk cannot be brought back by a power cut): the check is recorded as not applicable with the reason, the
 * remaining steps are not run, and the run is skipped with that reason, never broken, never passed.
 */
export class NothingToTest extends Error {
  constructor(
    readonly check: string,
    readonly why: string,
  ) {
    super(`${check}: ${why}`);
    this.name = 'NothingToTest';
  }
}

/**
 * The harness could not tell. Messages avoid the word "assert": Allure's classifier would file them as a
 * product failure instead of "broken".
 */
export class BrokenError extends AuditError {
  constructor(
    readonly code: BrokenCode,
    message: string,
  ) {
    super(message);
    this.name = 'BrokenError';
  }
}

/**
 * The one rule that turns what the checks saw into a verdict. No pass without its control: a refusal check
 * that passed while its positive control is missing from the scenario is broken (CONTROL_MISSING), because a
 * target that is refused everything (a wrong API path, a wrong client id) would pass it for the wrong reason.
 */
export function decideVerdict(findings: Finding[], checks: CheckRecord[], broken: { code: ResultCode; reason: string } | undefined): {
  verdict: Verdict;
  code: ResultCode;
  reason?: string;
} {
  const [first] = findings;
  if (first) return { verdict: 'failed', code: first.code, ...(broken ? { reason: `after the finding: ${broken.reason}` } : {}) };
  if (broken) return { verdict: 'broken', code: broken.code, reason: broken.reason };
  if (!checks.some((c) => c.outcome === 'passed')) {
    // Nothing to test is not a pass: where every check found its premise absent in this target (no bearer token
    // sent, no API declared), the run is skipped with those reasons; with no reason at all it proved nothing.
    const absent = checks.filter((c) => c.outcome === 'not-applicable');
    if (absent.length > 0) return { verdict: 'skipped', code: 'NOT_APPLICABLE', reason: `nothing to test here: ${absent.map((c) => `${c.check}: ${c.seen}`).join('; ')}` };
    return { verdict: 'broken', code: 'PROVED_NOTHING', reason: 'no check saw what it expected: the scenario proved nothing' };
  }
  const controls = new Set(checks.filter((c) => c.outcome === 'control').map((c) => c.control));
  const uncontrolled = checks.find((c) => c.outcome === 'passed' && c.control && !controls.has(c.control));
  if (uncontrolled) {
    return {
      verdict: 'broken',
      code: 'CONTROL_MISSING',
      reason: `CONTROL_MISSING in step "${uncontrolled.step}": "${uncontrolled.check}" saw a refusal, but its control "${uncontrolled.control}" never showed the same thing accepted while logged in`,
    };
  }
  return { verdict: 'passed', code: 'PASSED' };
}

/**
 * Thrown by a test whose scenario was broken, so the runner and Allure file it as "broken" (the harness could
 * not decide), never as a product failure. Allure classifies any error mentioning "assert" as a failure, so
 * that word is kept out of the message.
 */
export class UndecidedError extends AuditError {
  readonly code = 'UNDECIDED';

  constructor(reason: string | undefined) {
    super(`harness could not decide: ${(reason ?? 'no reason given').replace(/assert/gi, 'check')}`);
    this.name = 'UndecidedError';
  }
}
