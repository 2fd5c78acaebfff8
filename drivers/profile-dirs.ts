import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profileProcesses } from './processes';

// Profiles hold live session cookies of test users, so they live in the OS temp dir (never in test output)
// and are deleted by dispose(), and, as a last resort, when the process exits or is interrupted.

export interface ProfileDirs {
  /** The browser's user data dir. */
  profile: string;
  /** The browser's TMPDIR: what a reboot wipes, kept apart so wiping it touches nothing else on the machine. */
  temp: string;
  /** Parent of both; removing it removes everything. */
  root: string;
}

const live = new Set<string>();

// Names stay short on purpose: Chromium puts its SingletonSocket under TMPDIR and aborts ("Socket path too
// long") when the path passes the 108-byte Unix socket limit, which a descriptive dir name easily does.
export function createProfileDirs(): ProfileDirs {
  const root = mkdtempSync(join(tmpdir(), profileDirPrefix()));
  const dirs = { root, profile: join(root, 'profile'), temp: join(root, 'tmp') };
  mkdirSync(dirs.profile);
  mkdirSync(dirs.temp);
  live.add(root);
  installExitCleanup();
  return dirs;
}

export function wipeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
}

export function removeProfileDirs(dirs: ProfileDirs): void {
  rmSync(dirs.root, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
  live.delete(dirs.root);
}

/** Kills what is left of every profile's browser and removes the dirs: used on exit and Ctrl-C. */
export function removeAllProfilesNow(): void {
  for (const root of live) {
    for (const pid of profileProcesses(root)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    rmSync(root, { recursive: true, force: true });
  }
  live.clear();
}

// Only 'exit': signals belong to whoever runs us (Playwright's workers let the runner coordinate Ctrl-C and
// tear fixtures down, which disposes drivers). The audit CLI sweeps this run's dirs after a hard kill.
let installed = false;
function installExitCleanup(): void {
  if (installed) return;
  installed = true;
  process.once('exit', removeAllProfilesNow);
}

/** Prefix of every profile dir this run creates, so the CLI can sweep what a killed worker left. */
export function profileDirPrefix(runId = process.env.AUDIT_RUN_ID ?? 'adhoc'): string {
  return `logout-audit-${runId}-`;
}
