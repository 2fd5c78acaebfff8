import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import { basename, join } from 'node:path';
import { DriverError } from '../driver-error';
import { atMost, delay } from '../wait';

// WebKitWebDriver as a child process of our own, not selenium-webdriver's DriverService: we need its PID,
// because it can survive SIGTERM (docs/findings/drivers-and-tools.md), and we need every process it
// starts to be findable in /proc. For that, WebKitWebDriver and MiniBrowser are started through symlinks
// inside the driver's profile dir: their command lines then name that dir, so processes.ts's
// profileProcesses(dir) finds them and all their descendants (WebKitWebProcess, WebKitNetworkProcess), and
// profile-dirs.ts's exit cleanup ends them even if the test runner is interrupted.

const READY_BOUND_MS = 10_000;
const TERM_GRACE_MS = 2_000;

export interface WebKitService {
  url: string;
  child: ChildProcess;
}

/** A symlink to `binary` under `dir`, so processes started from it carry `dir` in their command line. */
export function taggedBinary(binary: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const link = join(dir, basename(binary));
  symlinkSync(binary, link);
  return link;
}

/** Starts WebKitWebDriver on a free loopback port and waits until it answers /status. */
export async function startWebKitWebDriver(binary: string, env: NodeJS.ProcessEnv): Promise<WebKitService> {
  const port = await freePort();
  const child = spawn(binary, [`--port=${port}`, '--host=127.0.0.1'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_BOUND_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new DriverError('SESSION_NOT_CREATED', `WebKitWebDriver exited (${child.exitCode ?? child.signalCode}): ${stderr.trim()}`);
    }
    if (await answers(`${url}/status`)) return { url, child };
    if (Date.now() >= deadline) {
      await endService(child);
      throw new DriverError('SESSION_NOT_CREATED', `WebKitWebDriver did not answer on ${url} within ${READY_BOUND_MS} ms: ${stderr.trim()}`);
    }
    await delay(50);
  }
}

/** SIGTERM, a short grace, then SIGKILL: WebKitWebDriver was measured to survive SIGTERM. */
export async function endService(child: ChildProcess): Promise<void> {
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  if (exited()) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await atMost(gone, TERM_GRACE_MS);
  if (!exited()) {
    child.kill('SIGKILL');
    await atMost(gone, TERM_GRACE_MS);
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** A port the OS says is free now (WebKitWebDriver takes a port number, not 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

