import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mtimeMs, writtenSinceHolding } from './file-times';

// What a Chromium profile on disk holds that the audit depends on, for every backend that drives Chromium on a
// profile of this machine (Playwright, chromedriver).

/** Chromium's SQLite cookie store; its path moved to Network/ in some versions, so both are watched. */
export const CHROMIUM_COOKIE_STORE_FILES: readonly string[] = ['Default/Cookies', 'Default/Network/Cookies'];

/**
 * Whether Chromium wrote its localStorage (one LevelDB for every origin of the profile) after `sinceMs`, with
 * `value` in it when given (a fresh write goes to the LevelDB's .log file, uncompressed).
 */
export function chromiumWebStorageWrittenSince(profileDir: string, sinceMs: number, value?: string): boolean {
  const dir = join(profileDir, 'Default', 'Local Storage', 'leveldb');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return false; // nothing stored yet
  }
  return writtenSinceHolding(names.map((name) => join(dir, name)), sinceMs, value);
}

/** "On startup: Continue where you left off" (chrome://settings/onStartup), written before the first launch. */
export function writeRestoreSessionPreference(profileDir: string): void {
  mkdirSync(join(profileDir, 'Default'), { recursive: true });
  writeFileSync(join(profileDir, 'Default', 'Preferences'), JSON.stringify({ session: { restore_on_startup: 1 } }));
}

/**
 * Whether a crash now would bring back the cookies the browser held since `sinceMs`: its cookie store was
 * written after that, and its Preferences say the session is running ("exit_type": "Crashed" until a clean
 * exit). Without the second, the next start is not taken for a crash and Chromium drops the session cookies
 * it stored (measured with Chromium 156: Preferences gets its exit_type about 10 s after the first launch of a
 * profile; a power cut before that restores no session cookie).
 */
export function chromiumCrashWouldRestore(profileDir: string, sinceMs: number): boolean {
  if (!CHROMIUM_COOKIE_STORE_FILES.some((file) => mtimeMs(join(profileDir, file)) > sinceMs)) return false;
  try {
    return /"exit_type":"Crashed"/.test(readFileSync(join(profileDir, 'Default', 'Preferences'), 'utf8'));
  } catch {
    return false; // not written yet
  }
}
