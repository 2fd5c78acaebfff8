import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { expect, test } from '@playwright/test';
import { cpuUse } from '../../bench/cpu-use';

// The bench says how many cores one run keeps busy from bench/cpu-use.ts, and docs/performance.md bounds two
// targets by it: it must count the CPU of a process the measured work started, a grandchild included (as
// Chromium's renderers are), and name it. The child burns a fixed amount of its own CPU time, which a busy
// machine delays but does not change, and stays alive until told, so the last read sees all of it.

const BURN_MS = 400;
const burner = `
  const start = process.cpuUsage();
  const used = () => { const u = process.cpuUsage(start); return (u.user + u.system) / 1000; };
  let x = 0;
  while (used() < ${BURN_MS}) x += Math.sqrt(x + 1);
  process.stdout.write('burned\\n');
  process.stdin.resume(); // alive until the parent ends its stdin
`;

async function burnIn(viaShell: boolean) {
  const child = viaShell
    ? spawn('/bin/sh', ['-c', `"${process.execPath}" -e "$BURNER"; true`], { env: { ...process.env, BURNER: burner }, stdio: ['pipe', 'pipe', 'inherit'] })
    : spawn(process.execPath, ['-e', burner], { stdio: ['pipe', 'pipe', 'inherit'] });
  const { cpu } = await cpuUse(async () => {
    child.stdout!.setEncoding('utf8');
    let seen = '';
    for await (const chunk of child.stdout!) if ((seen += chunk).includes('burned')) break;
  });
  child.stdin!.end();
  await once(child, 'exit');
  return cpu;
}

test('the CPU a started process used is counted, under its executable', async () => {
  const cpu = await burnIn(false);
  expect(cpu.byProcess['other: node']).toBeGreaterThanOrEqual((BURN_MS - 30) / 1000);
  expect(cpu.cpuSeconds).toBeGreaterThanOrEqual(cpu.byProcess['other: node']!);
  expect(cpu.coresBusy).toBeGreaterThan(0);
});

test("a grandchild's CPU is counted too (a shell's child, as Chromium's zygote's renderers)", async () => {
  const cpu = await burnIn(true);
  expect(cpu.byProcess['other: node']).toBeGreaterThanOrEqual((BURN_MS - 30) / 1000);
});
