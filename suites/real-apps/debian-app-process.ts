import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atMost, delay } from '../../drivers/wait';
import { closeServer, listenOnLoopback } from '../foreign/loopback';

// The applications from Debian 12's packages (DokuWiki, phpMyAdmin and its MariaDB) run as the packages ship
// them, from /usr/share, read-only: everything they write (configuration, data, sessions, the database) lives
// in a temp dir of the test's, on 127.0.0.1 or a unix socket in that dir. The system's own configuration
// (/etc/dokuwiki, /etc/phpmyadmin, /var/lib/...) is never touched and no system service is started.

export const DEBIAN_INSTALL_HINT = 'the Debian applications are not installed: run as root bash scripts/setup.sh --with-real-apps';

/** Whether the packages' files are there (setup.sh --with-real-apps installs them as root). */
export const debianAppsInstalled = (...paths: string[]) => paths.every((p) => existsSync(p));

/** A temp dir for one run of an application, removed by its stop. */
export function appDir(name: string, subdirs: readonly string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), `logout-audit-${name}-`));
  for (const sub of subdirs) mkdirSync(join(dir, sub), { recursive: true });
  return dir;
}

/**
 * A free port on 127.0.0.1, for PHP's built-in server, which takes its port on the command line. Another
 * process could take it in between: PHP then fails to start, loudly, and the test errs, never a verdict.
 */
export async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listenOnLoopback(probe);
  await closeServer(probe);
  return port;
}

/** Runs a command to its end with `input` on stdin (passwords never go on a command line); throws on failure. */
export function runToEnd(command: string, args: string[], input = ''): string {
  const done = spawnSync(command, args, { input, encoding: 'utf8' });
  if (done.status !== 0) throw new Error(`${command} ${args[0] ?? ''} failed (${done.status ?? done.signal}): ${(done.stderr || done.stdout).slice(-2000)}`);
  return done.stdout;
}

/** A server process of the test's: its last output (for the error when it does not start) and its end. */
export interface AppProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
  stop(): Promise<void>;
}

// Stopping: PHP's server and MariaDB end within a second or two of SIGTERM (MariaDB flushes its tables);
// the bound covers a loaded machine before SIGKILL.
const STOP_BOUND_MS = 20_000;

/**
 * Starts the server in a process group of its own, and signals the whole group: PHP's built-in server with
 * PHP_CLI_SERVER_WORKERS forks workers that a SIGTERM to their parent leaves running, listening on the port.
 */
export function spawnApp(command: string, args: string[], env: NodeJS.ProcessEnv = {}): AppProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env }, detached: true });
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // the group has ended already
    }
  };
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    // The group is signalled even when its leader has ended: its workers may not have.
    signal('SIGTERM');
    if (child.exitCode !== null || child.signalCode !== null) return;
    if ((await atMost(exited, STOP_BOUND_MS)) === undefined && child.exitCode === null) {
      signal('SIGKILL');
      await exited;
    }
  };
  return { child, exited, output: () => output, stop };
}

// Starting: PHP's server listens at once; MariaDB opens its fresh datadir in 1-2 s here. A minute bounds an
// application that hangs on a loaded 2-core machine; it is not an expected time.
const START_BOUND_MS = 60_000;

/** Polls `ready` until it holds; throws with the process's last output if it exits or the bound passes. */
export async function untilReady(app: AppProcess, what: string, ready: () => Promise<boolean>): Promise<void> {
  let gone = false;
  void app.exited.then(() => (gone = true));
  const poll = async () => {
    while (!gone && !(await ready().catch(() => false))) await delay(200); // a polling interval, not a wait for time
    return !gone;
  };
  const started = await atMost(poll(), START_BOUND_MS);
  if (started !== true) {
    await app.stop();
    throw new Error(`${what} did not start (${started === false ? 'it exited' : `not ready within ${START_BOUND_MS / 1000} s`}); its last output:\n${app.output()}`);
  }
}

/** A bcrypt hash made by the application's own PHP (password_hash), the password given on stdin. */
export const phpBcrypt = (password: string) => runToEnd('php', ['-r', 'echo password_hash(stream_get_contents(STDIN), PASSWORD_BCRYPT);'], password);
