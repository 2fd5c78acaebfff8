import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { procStat } from '../../drivers/proc';
import { expect, test } from '@playwright/test';
import type { Summary } from '../../reports/summary';
import { browserMainProcesses, kill, portalLogHas, probeBrowserStarted, profilesLeft, startAudit, workerOf } from './running-audit';

// A run that disappears still counts: its browser or its Playwright worker killed from outside, the run is in
// summary.json as broken with the cause as code, the other run is still judged, and the audit exits 2 (never 0).
// Two runs of the shortest scenario, one after the other (one worker), so the fault hits exactly the first.

const PLAN = ['--scenarios', 'logout-revisit', '--presets', 'fresh-default', '--personas', 'default,ie11', '--workers', '1'];
// Bounds, not sleeps: how long the CLI may take to reach the awaited moment on a loaded 2-core machine
// (tsx, Playwright's loader, a worker, the portal and a browser start). Normally ~10 s; measured 57 s while five
// engineers shared the machine (load 16).
const REACH_MS = 180_000;

function oneBrokenOneJudged(summary: Summary, cause: RegExp): void {
  expect(summary.results, JSON.stringify(summary, null, 2)).toHaveLength(2);
  const broken = summary.results.filter((e) => e.verdict === 'broken');
  expect(broken, 'the run the fault hit').toHaveLength(1);
  expect(broken[0]?.reason).toMatch(cause);
  expect(broken[0]).toMatchObject({ scenario: 'logout-revisit', preset: 'fresh-default', driver: 'playwright:chromium' });
  expect(summary.results.find((e) => e !== broken[0])?.verdict, 'the other run is still judged').toBe('passed');
}

// Each starts a whole audit: one at a time on 2 cores, in order, and a failure does not hide the next one.
test.describe.configure({ mode: 'default' });

test('the browser killed while it launches: that run is BROWSER_DIED, exit 2', async () => {
  test.setTimeout(360_000);
  const audit = startAudit(PLAN);
  // Killed the moment its main process exists: Playwright is still connecting to it.
  await expect.poll(() => browserMainProcesses(audit).length, { timeout: REACH_MS, intervals: [5] }).toBeGreaterThan(0);
  for (const pid of browserMainProcesses(audit)) kill(pid);

  expect(await audit.exited, audit.output()).toBe(2);
  oneBrokenOneJudged(audit.summary(), /^BROWSER_DIED in step "start the browser"/);
  expect(audit.output()).not.toContain('unknown');
});

test('the browser killed in the middle of the login step: BROWSER_DIED, not LOGIN_FAILED, exit 2', async () => {
  test.setTimeout(360_000);
  const audit = startAudit(PLAN);
  // The IdP has just accepted the credentials: the browser is between the IdP and the portal's callback.
  await expect.poll(() => portalLogHas(audit, /^idp: .* logged in/m), { timeout: REACH_MS, intervals: [5] }).toBe(true);
  for (const pid of browserMainProcesses(audit)) kill(pid);

  expect(await audit.exited, audit.output()).toBe(2);
  oneBrokenOneJudged(audit.summary(), /^BROWSER_DIED in step "log in"/);
});

test('the Playwright worker killed mid-round: that run is WORKER_DIED, its round mate NOT_RUN (never played again), the next worker judges the other round, exit 2', async () => {
  test.setTimeout(360_000);
  // logout-revisit and cookie-attributes share one round per persona (scenarios/shared-round.ts); the revisit's test plays it.
  const audit = startAudit(['--scenarios', 'logout-revisit,cookie-attributes', ...PLAN.slice(2)]);
  // Mid-scenario: the worker has started the portal and a browser; the worker is that browser's parent.
  await expect.poll(() => browserMainProcesses(audit).map(workerOf).find(Boolean), { timeout: REACH_MS }).toBeTruthy();
  const worker = browserMainProcesses(audit).map(workerOf).find(Boolean);
  kill(worker as number);

  expect(await audit.exited, audit.output()).toBe(2);
  const results = audit.summary().results.map((r) => `${r.scenario} ${r.persona} ${r.verdict} ${r.reason?.split(':')[0] ?? ''}`.trim()).sort();
  expect(results, audit.output()).toEqual(['cookie-attributes default broken NOT_RUN', 'cookie-attributes ie11 passed', 'logout-revisit default broken WORKER_DIED', 'logout-revisit ie11 passed']);
  expect(audit.summary().results.find((r) => r.code === 'NOT_RUN')?.reason).toMatch(/begun by the test "logout-revisit \[fresh-default, default\]"/);
  expect(audit.output()).not.toContain('unknown persona');
  // The dead worker could not end its browser or delete its profile (live session cookies): the CLI did.
  expect(browserMainProcesses(audit), 'no browser of the run is left').toEqual([]);
  expect(readdirSync(audit.tmp).filter((e) => e.startsWith('logout-audit-')), 'no profile of the run is left').toEqual([]);
});

test("the worker killed while logout-replay's probe browser runs: WORKER_DIED, and neither that browser nor the profile Playwright made for it is left", async () => {
  test.setTimeout(360_000);
  const audit = startAudit(['--scenarios', 'logout-replay', '--presets', 'fresh-default', '--personas', 'default', '--workers', '1']);
  // The probe asks what the copied cookies alone open; its browser is a child of the worker, like the run's.
  await expect.poll(() => probeBrowserStarted(audit), { timeout: REACH_MS }).toBe(true);
  const worker = browserMainProcesses(audit).map(workerOf).find(Boolean);
  expect(worker, 'the worker that started the browsers').toBeTruthy();
  kill(worker as number);

  expect(await audit.exited, audit.output()).toBe(2);
  expect(audit.summary().results.map((r) => r.reason?.split(':')[0])).toEqual(['WORKER_DIED']);
  expect(browserMainProcesses(audit), 'no browser of the run is left').toEqual([]);
  expect(profilesLeft(audit), "no profile of the run is left, nor the probe browser's own").toEqual([]);
});

test('the audit command killed outright (kill -9): its runner stops instead of finishing alone, its runs broken, no browser left', async () => {
  test.setTimeout(360_000);
  const audit = startAudit(PLAN);
  await expect.poll(() => browserMainProcesses(audit).length, { timeout: REACH_MS }).toBeGreaterThan(0);
  const runner = workerOf(browserMainProcesses(audit)[0]!) && procStat(workerOf(browserMainProcesses(audit)[0]!)!)?.ppid;
  expect(runner, 'the Playwright runner, parent of the worker').toBeTruthy();
  kill(audit.child.pid!);
  // The runner ends (bound: it could also finish both runs in that time, so the summary below is the check).
  await expect.poll(() => procStat(runner as number) === null || procStat(runner as number)?.state === 'Z', { timeout: REACH_MS }).toBe(true);
  const summary = JSON.parse(readFileSync(join(audit.out, 'summary.json'), 'utf8')) as Summary;
  // Left alone, the runner would have judged both runs (passed, not interrupted): nobody reads those verdicts.
  expect(summary.interrupted, JSON.stringify(summary.totals)).toBe(true);
  expect(summary.results.some((e) => e.verdict === 'broken' && /^INTERRUPTED/.test(e.reason ?? ''))).toBe(true);
  await expect.poll(() => browserMainProcesses(audit), { timeout: REACH_MS }).toEqual([]);
  expect(profilesLeft(audit), 'the runner deleted its profiles').toEqual([]);
});
