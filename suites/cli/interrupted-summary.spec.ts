import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { OUT_LOCK_NAME } from '../../cli/out-lock';
import { browserMainProcesses, reportBuilders, startAudit } from './running-audit';
import { tsEntry } from '../../cli/ts-entry';

// An interrupted audit says so: exit 130 and summary.json marked `interrupted: true`, whether the signal came
// while the scenarios ran (the runs not judged are broken INTERRUPTED) or afterwards, while the report was
// being built. And a second audit never deletes a live audit's results: a busy --out is refused.

const PLAN = ['--scenarios', 'logout-revisit', '--presets', 'fresh-default', '--personas', 'default,ie11', '--workers', '1'];
// Bound, not a sleep: how long the CLI may take to reach the awaited moment on a loaded 2-core machine.
const REACH_MS = 180_000;

// Each starts a whole audit: one at a time on 2 cores, in order, and a failure does not hide the next one.
test.describe.configure({ mode: 'default' });

/** What a passing earlier run left in the folder: its green report and a JUnit file without failure. */
function earlierGreenRun(out: string): void {
  mkdirSync(join(out, 'report'), { recursive: true });
  writeFileSync(join(out, 'report', 'index.html'), '<title>earlier run: all passed</title>');
  writeFileSync(join(out, 'junit.xml'), '<testsuites tests="2" failures="0" errors="0" skipped="0" time="1">\n</testsuites>\n');
}

test('Ctrl-C while the scenarios run: exit 130, summary.json interrupted, every run not judged broken INTERRUPTED', async () => {
  test.setTimeout(360_000);
  const audit = startAudit(PLAN, earlierGreenRun);
  await expect.poll(() => browserMainProcesses(audit).length, { timeout: REACH_MS }).toBeGreaterThan(0);
  audit.child.kill('SIGINT');

  expect(await audit.exited, audit.output()).toBe(130);
  const summary = audit.summary();
  expect(summary.interrupted).toBe(true);
  expect(summary.results, 'every planned run has its entry').toHaveLength(2);
  for (const entry of summary.results) {
    if (entry.verdict !== 'passed') expect(entry, 'a run not judged').toMatchObject({ verdict: 'broken', reason: expect.stringMatching(/^INTERRUPTED/) });
  }
  expect(summary.results.filter((e) => e.verdict === 'broken').length, 'the run the signal cut').toBeGreaterThan(0);
  // Nothing of the earlier green run is left to be read as this one's, and the JUnit file says it did not finish.
  expect(existsSync(join(audit.out, 'report', 'index.html')), 'the earlier run\'s report is gone').toBe(false);
  expect(readFileSync(join(audit.out, 'junit.xml'), 'utf8'), 'an interrupted run is a JUnit error, not a skip').toMatch(/<testsuites [^>]*errors="[1-9]/);
});

test('SIGTERM while the report is being built (the runs are over): exit 130 and summary.json interrupted, not ignored', async () => {
  test.setTimeout(360_000);
  const audit = startAudit(PLAN);
  await expect.poll(() => reportBuilders(audit).length, { timeout: REACH_MS, intervals: [20] }).toBeGreaterThan(0);
  audit.child.kill('SIGTERM');

  expect(await audit.exited, audit.output()).toBe(130);
  const summary = audit.summary();
  expect(summary.interrupted).toBe(true);
  expect(summary.results.map((e) => e.verdict), 'both runs were judged before the signal').toEqual(['passed', 'passed']);
  expect(reportBuilders(audit), 'the Allure CLI was stopped with the audit').toEqual([]);
});

test('a second audit on an --out a live audit holds is refused in one line, exit 2, and deletes nothing there', () => {
  const root = resolve('.');
  const tmp = mkdtempSync(join(tmpdir(), 'busy-'));
  const out = join(tmp, 'out');
  mkdirSync(out);
  // This test's own process plays the live audit holding --out; its results must survive.
  writeFileSync(join(out, OUT_LOCK_NAME), `${process.pid}\n`);
  writeFileSync(join(out, 'summary.json'), '{"the live audit":"its results"}\n');
  const result = spawnSync(process.execPath, [...tsEntry(join(root, 'cli/audit.ts')), ...PLAN, '--out', out], {
    cwd: root,
    env: { ...process.env, TMPDIR: tmp },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const output = `${result.stdout}${result.stderr}`;
  expect(result.status, output).toBe(2);
  expect(output.trim()).toBe(`logout-audit: --out ${out} is in use by another audit (pid ${process.pid}): wait for it to end, or give this audit another --out`);
  expect(readFileSync(join(out, 'summary.json'), 'utf8')).toContain('its results');
  expect(readFileSync(join(out, OUT_LOCK_NAME), 'utf8').trim()).toBe(String(process.pid));
  expect(existsSync(join(out, 'allure-results')) || readdirSync(tmp).some((e) => e.startsWith('logout-audit-')), 'no browser was started').toBe(false);
});
