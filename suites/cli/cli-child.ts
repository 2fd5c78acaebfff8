import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { tsEntry } from '../../cli/ts-entry';

const root = resolve('.');

/**
 * Runs one of the package's TypeScript entry points (`script` from the package root, e.g. cli/audit.ts) as a
 * child in the checkout, with `env` added to this process's, and collects its output (stdout then stderr as they
 * came). Not spawnSync: portals a test starts answer from this process, whose event loop must keep running.
 */
export async function runCli(script: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [...tsEntry(join(root, script)), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  return { code, out };
}
