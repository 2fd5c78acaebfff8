import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { tsEntry } from '../../cli/ts-entry';

// Ctrl-C in the middle of an audit: every browser ends and every profile (which holds live session cookies)
// is deleted. The CLI gets its own TMPDIR so what it leaves can be told apart from other tests' browsers.

function processesMentioning(text: string): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

test('Ctrl-C during an audit ends every browser and deletes every profile', async () => {
  test.setTimeout(120_000);
  const root = resolve('.');
  const tmp = mkdtempSync(join(tmpdir(), 'ix-'));
  const child = spawn(
    process.execPath,
    [...tsEntry(join(root, 'cli/audit.ts')), '--scenarios', 'logout-power-cut', '--personas', 'default', '--out', join(tmp, 'out')],
    { cwd: root, env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));

  // Interrupt only once browsers are really running on profiles in our TMPDIR (the power cut waits ~30 s).
  await expect.poll(() => processesMentioning(join(tmp, 'logout-audit-')).length, { timeout: 60_000 }).toBeGreaterThan(0);
  child.kill('SIGINT');

  expect(await exited, output).toBe(130);
  expect(output).toContain('interrupted');
  expect(processesMentioning(join(tmp, 'logout-audit-')), 'no browser of the run is left').toEqual([]);
  expect(readdirSync(tmp).filter((e) => e.startsWith('logout-audit-')), 'no profile of the run is left').toEqual([]);
});
