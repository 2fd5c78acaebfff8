import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { lockOutDir, OUT_LOCK_NAME } from '../../cli/out-lock';
import { procStat } from '../../drivers/proc';

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
  expect(readFileSync(join(out, OUT_LOCK_NAME), 'utf8').trim()).toMatch(new RegExp(`^${process.pid} \\d+$`));
  release();
  expect(existsSync(join(out, OUT_LOCK_NAME))).toBe(false);
});

test('a lock whose pid now belongs to another process (pid reuse) is stale and taken over', () => {
  const out = mkdtempSync(join(tmpdir(), 'lock-'));
  // An audit takes the lock and is killed outright (no release); then its pid is given to another, live, process.
  const entry = JSON.stringify(new URL('../../cli/out-lock.ts', import.meta.url).pathname);
  spawnSync(process.execPath, ['--import', 'tsx', '-e', `const { lockOutDir } = await import(${entry}); lockOutDir(${JSON.stringify(out)}); process.kill(process.pid, 'SIGKILL');`], { encoding: 'utf8' });
  const written = readFileSync(join(out, OUT_LOCK_NAME), 'utf8');
  writeFileSync(join(out, OUT_LOCK_NAME), written.replace(/^\d+/, String(process.ppid)));
  const release = lockOutDir(out);
  expect(readFileSync(join(out, OUT_LOCK_NAME), 'utf8').trim()).toMatch(new RegExp(`^${process.pid} `));
  release();
});

test('a lock naming a live process with its own start time is refused', () => {
  const out = mkdtempSync(join(tmpdir(), 'lock-'));
  writeFileSync(join(out, OUT_LOCK_NAME), `${process.ppid} ${procStat(process.ppid)!.startTicks}\n`);
  expect(() => lockOutDir(out)).toThrow(`(pid ${process.ppid})`);
});
