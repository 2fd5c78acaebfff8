import { existsSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profileProcesses } from './processes';
import { InputError } from '../../errors/audit-error';

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

// Chromium puts its SingletonSocket under TMPDIR and aborts ("Socket path too long") when the path passes
// the 108-byte Unix socket limit. Names stay short, and where the OS temp dir itself is long (macOS's
// /var/folders/..., nested CI temp dirs) profiles go to /tmp instead.
const SOCKET_PATH_LIMIT = 107;
const SOCKET_TAIL = '/XXXXXX/tmp/org.chromium.Chromium.XXXXXX/SingletonSocket';

/** Where this run's profiles live: the OS temp dir, unless its path is too long for Chromium's socket. */
export function profileBaseDir(runId?: string): string {
  const preferred = tmpdir();
  if (`${join(preferred, profileDirPrefix(runId))}${SOCKET_TAIL}`.length <= SOCKET_PATH_LIMIT) return preferred;
  if (existsSync('/tmp')) return '/tmp';
  throw new InputError(`the temp dir ${preferred} is too long for Chromium's socket path: set TMPDIR to a short path such as /tmp`);
}

/** A new profile's dirs, named after the run (`runId`: the settings' AUDIT_RUN_ID; default adhoc). */
export function createProfileDirs(runId?: string): ProfileDirs {
  const root = mkdtempSync(join(profileBaseDir(runId), profileDirPrefix(runId)));
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
export function profileDirPrefix(runId = 'adhoc'): string {
  return `logout-audit-${runId}-`;
}
