import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atMost, delay } from '../../drivers/wait';
import type { RunningForeignPortal } from '../foreign/loopback';

// The real npm applications run as they ship: their own command, in a process of their own (their module
// state, such as Node-RED's login-attempt counter, must not outlive one test), with a temp dir of their own,
// on 127.0.0.1. They are installed by scripts/setup.sh --with-real-apps into suites/real-apps/apps.

/** Where setup.sh --with-real-apps installs the pinned applications (suites/real-apps/apps/package.json). */
export const REAL_APPS_DIR = new URL('./apps/', import.meta.url).pathname;

/** Whether the pinned applications are installed; without them the suite says how to install them. */
export function realAppsInstalled(...bins: string[]): boolean {
  return bins.every((bin) => existsSync(join(REAL_APPS_DIR, 'node_modules', bin)));
}

export const INSTALL_HINT = 'the real applications are not installed: run bash scripts/setup.sh --with-real-apps';

/**
 * A free port on 127.0.0.1, for applications that cannot report the port they got from listen(0) (Node-RED
 * logs the configured port, verdaccio the configured address). Another process could take it in between;
 * the application then fails to start, loudly, and the test errs: never a verdict.
 */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A temp dir for one run of an application: its data, settings and users, removed at stop. */
export const appTempDir = (name: string) => mkdtempSync(join(tmpdir(), `logout-audit-${name}-`));

// Starting: Node-RED loads its node registry, verdaccio its plugins; on a loaded 2-core machine that has taken
// 5-15 s. A minute is a bound against an application that hangs, not an expected time.
const START_BOUND_MS = 60_000;
// Stopping: both end within a second of SIGTERM; the bound covers a loaded machine before SIGKILL.
const STOP_BOUND_MS = 10_000;

export interface NodeAppOptions {
  name: string;
  /** The application's own entry script and arguments, run by this Node. */
  args: string[];
  cwd: string;
  url: string;
  /** Removed at stop. */
  dir: string;
  /** A page that answers 200 once the application is ready. */
  readyPath: string;
}

/** Starts the application and waits until it answers; the returned stop ends it and removes its dir. */
export async function startNodeApp(options: NodeAppOptions): Promise<RunningForeignPortal> {
  const child = spawn(process.execPath, options.args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    await stopChild(child, exited);
    rmSync(options.dir, { recursive: true, force: true });
  };
  const ready = await atMost(untilAnswers(`${options.url}${options.readyPath}`, exited), START_BOUND_MS);
  if (ready !== true) {
    await stop();
    throw new Error(`${options.name} did not start at ${options.url} (${ready === false ? 'it exited' : `not ready within ${START_BOUND_MS / 1000} s`}); its last output:\n${output}`);
  }
  return { url: options.url, stop };
}

/** Polls until the page answers 200 (true) or the process exits (false). */
async function untilAnswers(url: string, exited: Promise<number | null>): Promise<boolean> {
  let gone = false;
  void exited.then(() => (gone = true));
  while (!gone) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await delay(200); // a polling interval, not a wait for time to pass
  }
  return false;
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  if ((await atMost(exited, STOP_BOUND_MS)) === undefined && child.exitCode === null) {
    child.kill('SIGKILL');
    await exited;
  }
}
