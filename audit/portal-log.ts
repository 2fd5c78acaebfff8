import { appendFileSync } from 'node:fs';

/**
 * AUDIT_PORTAL_LOG=<file>: the embedded portal's log lines (logins, logouts, by user id; never a password,
 * cookie or token value) appended to that file, so a test driving the CLI can wait for "the user has just
 * logged in at the IdP" instead of sleeping. Unset: the portal stays silent, as in every audit.
 */
export function portalLog(env: NodeJS.ProcessEnv = process.env): ((line: string) => void) | undefined {
  const file = env.AUDIT_PORTAL_LOG;
  if (!file) return undefined;
  return (line) => appendFileSync(file, `${line}\n`);
}
