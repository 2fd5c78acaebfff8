import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { lockOutDir, OUT_LOCK_NAME } from '../../cli/out-lock';

// One audit per --out: a live audit's lock is refused with its pid, a dead audit's lock is taken over.

/** The pid of a process that has certainly ended: one we started and waited for. */
function deadPid(): number {
  const done = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(done.stdout);
}

test('a lock held by a live process is refused, naming its pid; nothing of the holder is touched', () => {
  const out = mkdtempSync(join(tmpdir(), 'lock-'));
  // The test runner's parent is alive for as long as this test runs, and is not this process.
  writeFileSync(join(out, OUT_LOCK_NAME), `${process.ppid}\n`);
  expect(() => lockOutDir(out)).toThrow(`--out ${out} is in use by another audit (pid ${process.ppid})`);
  expect(readFileSync(join(out, OUT_LOCK_NAME), 'utf8').trim()).toBe(String(process.ppid));
});

test('a stale lock (its audit died) is taken over, and released by its new holder', () => {
  const out = mkdtempSync(join(tmpdir(), 'lock-'));
  writeFileSync(join(out, OUT_LOCK_NAME), `${deadPid()}\n`);
  const release = lockOutDir(out);
  expect(readFileSync(join(out, OUT_LOCK_NAME), 'utf8').trim()).toBe(String(process.pid));
  release();
  expect(existsSync(join(out, OUT_LOCK_NAME))).toBe(false);
});
