import type { AuditDriver, PageSignal } from '../../drivers/driver';
import type { Redactor } from '../../evidence/redact';
import type { Target, TargetUser, TotpLogin } from '../../targets/target';
import { BrokenError } from '../verdict';
import { SIGNAL_MS, toSignal } from './page-kind';
import { unusedTotpCode } from './totp-code';

// The second factor of a login (login.totp): after the password the portal asks for a one-time code, which the
// harness computes from the user's secret. The target names the environment variable holding the secret, never
// the secret; both the secret and every code are registered with the run's redactor before they are used, so
// neither reaches a report, a log or a state dump (the code as a word of its own: its six digits also occur
// inside longer numbers that are no secret).

/** The target's one-time-code step, when its login has one. */
export function totpLoginOf(target: Target): TotpLogin | undefined {
  return 'totp' in target.login ? target.login.totp : undefined;
}

/** The environment variable holding `user`'s TOTP secret, when the target's login asks for a code. */
export function totpSecretEnvOf(target: Target, user: TargetUser): string | undefined {
  const totp = totpLoginOf(target);
  return totp ? (user.totpSecretEnv ?? totp.secretEnv) : undefined;
}

/** `user`'s TOTP secret from the environment; undefined when the login has no code or the variable is unset. */
export function totpSecretOf(target: Target, user: TargetUser, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const name = totpSecretEnvOf(target, user);
  const secret = name === undefined ? undefined : env[name]?.trim();
  return secret ? secret : undefined;
}

/**
 * Types a fresh one-time code once the portal asks for it, and submits it. A portal that lets the user in
 * without asking (a device it trusts) is left to the caller, which sees the personal data; one that rejects
 * the password shows the login error, also left to the caller.
 */
export async function enterOneTimeCode(driver: AuditDriver, target: Target, user: TargetUser, redactor: Pick<Redactor, 'register'>): Promise<void> {
  const totp = totpLoginOf(target);
  if (!totp) return;
  const name = totpSecretEnvOf(target, user);
  const secret = totpSecretOf(target, user);
  if (secret === undefined) {
    throw new BrokenError('LOGIN_FAILED', `the login asks for a one-time code, but ${name ?? 'the secret variable'} (user ${user.id}'s TOTP secret) is not set in the environment`);
  }
  redactor.register(secret);
  const signals: Record<string, PageSignal> = { code: { selector: totp.selector }, 'logged-in': toSignal(target.loggedIn) };
  if (target.login.error) signals.rejected = toSignal(target.login.error);
  const seen = await driver.waitForAny(signals, SIGNAL_MS);
  if (seen === null) {
    const state = await driver.pageState();
    throw new BrokenError('LOGIN_FAILED', `the one-time code field ${totp.selector} never appeared after the password; ended at ${state.url} (HTTP ${state.status ?? 'n/a'})`);
  }
  if (seen !== 'code') return;
  const code = await unusedTotpCode(secret);
  redactor.register(code, 'word');
  await driver.fill(totp.selector, code);
  if (totp.submit) await driver.click(totp.submit);
}
