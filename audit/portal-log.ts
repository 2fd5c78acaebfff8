import { appendFileSync } from 'node:fs';

/**
 * The embedded portal's log lines (logins, logouts, by user id; never a password, cookie or token value)
 * appended to `file` (the settings' portalLogFile, AUDIT_PORTAL_LOG), so a test driving the CLI can wait for
 * "the user has just logged in at the IdP" instead of sleeping. No file: the portal stays silent, as in every audit.
 */
export function portalLog(file: string | undefined): ((line: string) => void) | undefined {
  if (!file) return undefined;
  return (line) => appendFileSync(file, `${line}\n`);
}
