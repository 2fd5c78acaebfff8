/**
 * The test users' TOTP secrets when the reference portal runs with `--portal-mfa totp`. A target never holds a
 * secret, it names the environment variable holding it (login.totp.secretEnv), so the secrets live in the
 * environment: each user's variable is read, and one not set gets a fresh random secret at portal start,
 * written into this process's environment, where the harness of this process (a test worker) finds it. Set the
 * variables beforehand to give fixed secrets (an authenticator app enrolled once, several processes agreeing).
 */
import { generateSecret } from 'otplib';

/** REFERENCE_TOTP_SECRET_TOLVAN: the variable holding a reference user's secret. */
export function totpSecretEnv(username: string): string {
  return `REFERENCE_TOTP_SECRET_${username.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** Each user's secret from its variable, generated (160 bits, base32) and exported where it is not set. */
export function referenceTotpSecrets(usernames: readonly string[], env: NodeJS.ProcessEnv = process.env): ReadonlyMap<string, string> {
  const secrets = new Map<string, string>();
  for (const username of usernames) {
    const name = totpSecretEnv(username);
    const secret = env[name]?.trim() || generateSecret();
    env[name] = secret;
    secrets.set(username, secret);
  }
  return secrets;
}
