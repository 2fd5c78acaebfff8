/**
 * One-time codes for a login's second factor (login.totp), computed with otplib from the user's secret. A portal
 * that does it right accepts each period's code once (RFC 6238 section 5.2), so the harness never types a code
 * twice: each period is claimed before its code is made, and a period already claimed (the previous login of
 * this user, in this process or in another worker) means waiting for the next one. The wait is bounded by the
 * period (30 s), whatever the machine's speed; claims are files named by a hash of the secret, created with
 * O_EXCL, so processes sharing a machine agree without a lock server, and they hold neither secret nor code.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'otplib';

/** RFC 6238's default period, which authenticator apps and the reference IdP use. */
export const TOTP_PERIOD_SECONDS = 30;

/**
 * After a period turns, the code is typed this much later, so that it is the new period's on the harness's
 * clock and on a portal's clock a little behind.
 */
const AFTER_TURN_MS = 250;

export interface TotpClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: TotpClock = { now: Date.now, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/** Where periods are claimed: `claim` is true only for the first caller of a (secret, period). */
export interface PeriodClaims {
  claim(secretKey: string, step: number): boolean;
}

/** Claims as files in one folder, shared by every process on the machine; claims two periods old are removed. */
export function fileClaims(dir: string = join(tmpdir(), 'logout-audit-totp-claims')): PeriodClaims {
  return {
    claim(secretKey, step) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      try {
        writeFileSync(join(dir, `${secretKey}-${step}`), '', { flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw error;
      }
      for (const name of readdirSync(dir)) {
        const [key, old] = name.split('-');
        if (key === secretKey && Number(old) < step - 2) rmSync(join(dir, name), { force: true });
      }
      return true;
    },
  };
}

const sharedClaims = fileClaims();

/**
 * A code no earlier call (on this machine) has returned for `secret`: the current period's, or once that is
 * claimed, the next period's, after waiting for it to begin.
 */
export async function unusedTotpCode(secret: string, clock: TotpClock = realClock, claims: PeriodClaims = sharedClaims): Promise<string> {
  const secretKey = createHash('sha256').update(`logout-audit totp claim\0${secret}`).digest('hex').slice(0, 24);
  const periodMs = TOTP_PERIOD_SECONDS * 1000;
  for (;;) {
    const step = Math.floor(clock.now() / periodMs);
    if (claims.claim(secretKey, step)) return generate({ secret, epoch: step * TOTP_PERIOD_SECONDS, period: TOTP_PERIOD_SECONDS });
    await clock.sleep((step + 1) * periodMs - clock.now() + AFTER_TURN_MS);
  }
}
