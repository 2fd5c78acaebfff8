import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../drivers/browsers';
import { startPortal, type RunningPortal } from '../../portal/start';
import type { Summary } from '../../reports/summary';
import { tsEntry } from '../../cli/ts-entry';
import { auditSettings } from '../../audit/settings';

// What a reader of the report and a CI test view see for each verdict, from one real audit that has all four:
// the reference portal with rp-logout-local-only (logout-revisit: a finding), described by a target file that
// misnames its identity provider (logout-replay: the harness cannot decide) and declares no "log out
// everywhere" control (logout-everywhere: skipped); session-rotation passes.

test.describe.configure({ mode: 'serial', timeout: 300_000 });

const root = resolve('.');
const work = mkdtempSync(join(tmpdir(), 'verdict-statuses-'));
const out = join(work, 'out');
const run = (scenario: string) => `${scenario} [fresh-default, default]`;
const expected = {
  [run('session-rotation')]: 'passed',
  [run('logout-revisit')]: 'failed',
  [run('logout-replay')]: 'broken',
  [run('logout-everywhere')]: 'skipped',
};

let portal: RunningPortal;

/** Asynchronous: the portal answers from this process while the audit runs. */
function audit(env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  const args = ['--target', 'suites/report/fixtures/reference-portal-misdescribed.ts', '--scenarios', 'session-rotation,logout-revisit,logout-replay,logout-everywhere'];
  // --no-check: the misdescribed file must reach its runs, each broken the way the report shows.
  args.push('--presets', 'fresh-default', '--personas', 'default', '--out', out, '--no-check');
  return new Promise((done) => {
    const child = spawn(process.execPath, [...tsEntry(join(root, 'cli/audit.ts')), ...args], { cwd: root, env });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.stderr.on('data', (d) => (text += d));
    child.on('exit', (code) => done({ code, out: text }));
  });
}

async function inChromium<T>(use: (page: Page) => Promise<T>): Promise<T> {
  const browser = await chromium.launch({ executablePath: findChromium(auditSettings().executables).path, args: CHROMIUM_ARGS });
  try {
    return await use(await browser.newPage());
  } finally {
    await browser.close();
  }
}

function allureResults(): { name: string; status: string; statusDetails?: { message?: string } }[] {
  const dir = join(out, 'allure-results');
  return readdirSync(dir)
    .filter((f) => f.endsWith('-result.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
}

test.beforeAll(async () => {
  portal = await startPortal({ defects: ['rp-logout-local-only'] });
  const user = portal.users[0]!;
  const result = await audit({
    ...process.env,
    REPORT_PORTAL_URL: portal.portalUrl,
    REPORT_USER: user.username,
    REPORT_PASSWORD: user.password,
    AUDIT_HISTORY: join(work, 'history.jsonl'),
  });
  expect(result.code, result.out).toBe(1);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
  // The premise: this run really has one of each verdict (else the checks below would prove less).
  expect(Object.fromEntries(summary.results.map((r) => [run(r.scenario), r.verdict])), result.out).toEqual(expected);
});

test.afterAll(async () => {
  await portal?.stop();
});

test('each allure result carries the status of its verdict: a run the harness could not decide is broken, not failed', () => {
  const results = allureResults();
  expect(Object.fromEntries(results.map((r) => [r.name, r.status]))).toEqual(expected);
  const broken = results.find((r) => r.status === 'broken');
  expect(broken?.statusDetails?.message).toContain('harness could not decide');
});

test('broken results fall in "Harness could not decide", and no finding category takes them', () => {
  const categories = JSON.parse(readFileSync(join(out, 'allure-results', 'categories.json'), 'utf8')) as { name: string; matchedStatuses: string[] }[];
  expect(categories.filter((c) => c.matchedStatuses.includes('broken')).map((c) => c.name)).toEqual(['Harness could not decide']);
});

test('the built report counts one of each, and shows the broken run under "Harness could not decide"', async () => {
  const { stats } = JSON.parse(readFileSync(join(out, 'report', 'summary.json'), 'utf8')) as { stats: Record<string, number> };
  expect(stats).toMatchObject({ total: 4, passed: 1, failed: 1, broken: 1, skipped: 1 });
  await inChromium(async (page) => {
    await page.goto(pathToFileURL(join(out, 'report', 'index.html')).href);
    await expect(page.getByText('Broken 1').first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText('Failed 1').first()).toBeVisible();
    await page.getByPlaceholder('Search tests').fill('logout-replay');
    await page.getByText(run('logout-replay')).first().click();
    await expect(page.getByText('Harness could not decide').first()).toBeVisible();
  });
});

test('junit.xml beside the report parses, with the finding as a <failure> and the undecided run as an <error>', async () => {
  const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
  const parsed = await inChromium((page) =>
    page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      if (doc.querySelector('parsererror')) return { error: doc.querySelector('parsererror')?.textContent ?? 'parse error' };
      const cases = [...doc.querySelectorAll('testcase')];
      const outcome = (c: Element) => (c.querySelector('failure') ? 'failure' : c.querySelector('error') ? 'error' : c.querySelector('skipped') ? 'skipped' : 'passed');
      const top = doc.documentElement;
      return {
        totals: { tests: top.getAttribute('tests'), failures: top.getAttribute('failures'), errors: top.getAttribute('errors'), skipped: top.getAttribute('skipped') },
        cases: Object.fromEntries(cases.map((c) => [c.getAttribute('name'), outcome(c)])),
      };
    }, xml),
  );
  expect(parsed).toEqual({
    totals: { tests: '4', failures: '1', errors: '1', skipped: '1' },
    cases: {
      [`[audit:chromium] ${run('session-rotation')}`]: 'passed',
      [`[audit:chromium] ${run('logout-revisit')}`]: 'failure',
      [`[audit:chromium] ${run('logout-replay')}`]: 'error',
      [`[audit:chromium] ${run('logout-everywhere')}`]: 'skipped',
    },
  });
});
