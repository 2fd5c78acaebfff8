/**
 * The second factor of the reference identity provider (`--portal-mfa totp`): after a right password the IdP
 * asks for the six-digit code of the user's authenticator (RFC 6238, 30 s periods). Written without routes so
 * that every IdP kind (the OpenID Connect one in idp.ts, the SAML one) runs the same step: the IdP keeps the
 * login the password proved under a key of its own (its interaction or request id), shows `totpPage`, and on
 * the code's POST asks `check`, which says whether the login may finish.
 *
 * Codes are checked by otplib. A code is accepted once: the step remembers, per user, the last period whose
 * code it accepted and refuses that period's code and every older one (RFC 6238 section 5.2), so a code seen
 * over a shoulder or in a log is worthless once used. Selectors the harness uses: form#totp, #otp,
 * #verify-otp, and .login-error for a refused code (the same error sign as a wrong password).
 */
import { verify } from 'otplib';
import { esc, page } from './html';
import { IDP_BRAND, IDP_STYLE } from './idp-pages';

export const TOTP_PERIOD_SECONDS = 30;

/**
 * Wrong codes one login may try before it must start again with the password: six digits are a million
 * codes, and without a limit a script would find the right one within the period.
 */
const ATTEMPTS_PER_LOGIN = 5;

/** A login whose password was right and whose code is still to come. */
export interface PendingLogin {
  readonly username: string;
  readonly remember: boolean;
}

export type TotpOutcome =
  | { readonly accepted: true; readonly login: PendingLogin }
  /** wrong: no period's code; reused: the code of a period already used; no-login: nothing pending (any more: too many tries). */
  | { readonly accepted: false; readonly why: 'wrong' | 'reused' | 'no-login' };

export interface TotpStep {
  /** Holds `login` under `key` until its code comes; a new password for the same key replaces it. */
  begin(key: string, login: PendingLogin): void;
  /** Whether `key` has a login waiting for its code (a GET of the code page after a reload). */
  waiting(key: string): boolean;
  /** Checks the code for the login under `key`; an accepted code ends the pending login and burns its period. */
  check(key: string, code: string): Promise<TotpOutcome>;
}

export interface TotpStepOptions {
  /** The user's base32 secret; undefined for a user without one (then no code is accepted). */
  secretOf: (username: string) => string | undefined;
  /** The clock (epoch ms); a test passes its own so that "the next period" needs no waiting. */
  now?: () => number;
  log: (line: string) => void;
}

export function createTotpStep({ secretOf, now = Date.now, log }: TotpStepOptions): TotpStep {
  const pending = new Map<string, PendingLogin & { attempts: number }>();
  // The last period (time step) whose code each user used: that code and older ones are spent.
  const lastUsedStep = new Map<string, number>();

  const check = async (key: string, code: string): Promise<TotpOutcome> => {
    const login = pending.get(key);
    if (!login) return { accepted: false, why: 'no-login' };
    const secret = secretOf(login.username);
    const token = code.replace(/\s+/g, '');
    const epoch = Math.floor(now() / 1000);
    const spent = lastUsedStep.get(login.username);
    // One period back is accepted: a code typed just before the period turned is still the user's.
    const options = { epoch, period: TOTP_PERIOD_SECONDS, epochTolerance: [TOTP_PERIOD_SECONDS, 0] as [number, number] };
    const valid = /^\d{6}$/.test(token) && secret !== undefined;
    const result = valid ? await verify({ ...options, secret, token, ...(spent === undefined ? {} : { afterTimeStep: spent }) }) : undefined;
    if (result?.valid && 'timeStep' in result && typeof result.timeStep === 'number') {
      pending.delete(key);
      lastUsedStep.set(login.username, result.timeStep);
      log(`idp: ${login.username} gave a valid one-time code`);
      return { accepted: true, login: { username: login.username, remember: login.remember } };
    }
    // Told apart for the log only: the page says the same for both, so it tells an attacker nothing.
    const reused = valid && spent !== undefined && (await verify({ ...options, secret, token })).valid;
    login.attempts += 1;
    log(`idp: ${login.username} gave a ${reused ? 'reused' : 'wrong'} one-time code`);
    if (login.attempts >= ATTEMPTS_PER_LOGIN) {
      pending.delete(key);
      return { accepted: false, why: 'no-login' };
    }
    return { accepted: false, why: reused ? 'reused' : 'wrong' };
  };

  return {
    begin: (key, login) => pending.set(key, { ...login, attempts: 0 }),
    waiting: (key) => pending.has(key),
    check,
  };
}

/** The page asking for the code: `failed` after a refused one, with the error sign a wrong password has. */
export function totpPage({ action, failed = false }: { action: string; failed?: boolean }): string {
  const error = failed ? '<p class="login-error" role="alert">Fel eller redan använd engångskod</p>' : '';
  return page({
    title: 'Engångskod – Inloggningstjänsten',
    head: IDP_STYLE,
    body: `<main class="card">
<h1>Ange engångskod</h1>
${IDP_BRAND}
${error}
<form id="totp" method="post" action="${esc(action)}">
<label for="otp">Koden i din autentiseringsapp</label>
<input id="otp" name="otp" type="text" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code" required autofocus>
<button id="verify-otp" type="submit">Fortsätt</button>
</form>
</main>`,
  });
}
