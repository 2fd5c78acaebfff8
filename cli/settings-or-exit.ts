import { parseAuditSettings, type AuditSettings } from '../audit/settings';

/**
 * The settings of a command that reads no options into them (report, verify): parsed from its environment,
 * or, when a variable is wrong, its sentence printed under the command's name and exit 2, before anything is
 * read or written.
 */
export function settingsOrExit(command: string): AuditSettings {
  try {
    return parseAuditSettings(process.env);
  } catch (error) {
    console.error(`${command}: ${(error as Error).message}`);
    process.exit(2);
  }
}
