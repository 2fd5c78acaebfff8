import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { DriverError } from '../driver-error';
import { atMost, delay } from '../wait';

// WebKitGTK needs an X display, and without one WebKitWebDriver's new-session request hangs instead of failing
// (docs/findings/drivers-and-tools.md). Where DISPLAY is unset, one virtual display (Xvfb) serves every
// driver of this process: started by the first, ended when the last lets go, and on process exit.

const START_BOUND_MS = 10_000;

let xvfb: { child: ChildProcess; display: Promise<string> } | undefined;
let users = 0;
let exitHookInstalled = false;

/** True when this process has an Xvfb of its own running (for tests). */
export function ownXvfbPid(): number | undefined {
  return xvfb?.child.pid;
}

/**
 * The X display to give the browser: the caller's own DISPLAY when set, else this process's Xvfb (started on
 * first use). Every call must be paired with releaseDisplay().
 */
export async function acquireDisplay(env: NodeJS.ProcessEnv): Promise<string> {
  users += 1;
  if (env.DISPLAY) return env.DISPLAY;
  try {
    xvfb ??= startXvfb();
    return await xvfb.display;
  } catch (error) {
    releaseDisplay();
    throw error;
  }
}

/** Lets go of a display from acquireDisplay(); the last user of this process's Xvfb ends it. */
export function releaseDisplay(): void {
  users = Math.max(0, users - 1);
  if (users === 0) stopXvfb();
}

function startXvfb(): { child: ChildProcess; display: Promise<string> } {
  if (spawnSync('Xvfb', ['-help'], { stdio: 'ignore' }).error) {
    throw new DriverError(
      'DRIVER_NOT_FOUND',
      'WebKitGTK needs an X display: DISPLAY is unset and Xvfb is not installed: apt-get install -y xvfb (or run under a desktop session with DISPLAY set)',
    );
  }
  // -displayfd: Xvfb picks a free display number itself and writes it to fd 3 once it accepts clients, so
  // there is neither a guessed number that another run may hold nor a sleep. No TCP: loopback-only machine.
  const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  installExitHook();
  const display = new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-2000)));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const number = /^(\d+)\n/.exec(out)?.[1];
      if (number) resolve(`:${number}`);
    });
    child.once('error', (error) => reject(new DriverError('SESSION_NOT_CREATED', `could not start Xvfb: ${error.message}`)));
    child.once('exit', (code) => {
      if (xvfb?.child === child) xvfb = undefined; // died under us: the next driver starts a new one
      reject(new DriverError('SESSION_NOT_CREATED', `Xvfb exited (${code}) before it was ready: ${err.trim()}`));
    });
    setTimeout(() => reject(new DriverError('SESSION_NOT_CREATED', `Xvfb gave no display within ${START_BOUND_MS} ms`)), START_BOUND_MS).unref();
  });
  display.catch(() => undefined); // handled by acquireDisplay's await; avoids an unhandled rejection when nobody waits
  return { child, display };
}

function stopXvfb(): void {
  const running = xvfb;
  xvfb = undefined;
  if (!running?.child.pid) return;
  const { child } = running;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  // Xvfb ends at once on SIGTERM; SIGKILL is the bound, not the plan.
  void atMost(new Promise((resolve) => child.once('exit', resolve)), 2_000).then(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
}

/** Waits until this process's Xvfb (if any was started and released) has exited, for tests. */
export async function xvfbGone(pid: number, boundMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    if (Date.now() >= deadline) return false;
    await delay(25);
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: SIGKILL is the only thing that certainly lands before we are gone.
  process.once('exit', () => {
    const pid = xvfb?.child.pid;
    if (pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}
