import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { startPortal, type RunningPortal } from '../../portal/start';
import type { Summary } from '../../reports/summary';
import { runCli } from './cli-child';

// A region audits several of its vendor's portals in one run: `--target a.ts --target b.ts` gives one
// Playwright run, one report grouping the results by target (the Allure epic), one summary.json whose entries
// name their target and whose totals and exit code cover all. Two reference portals stand in for two vendors'
// portals, each described by a copy of targets/examples/reference-portal.ts with its own name and variables.

const root = resolve('.');
const example = readFileSync(join(root, 'targets/examples/reference-portal.ts'), 'utf8');
const onePlan = ['--scenarios', 'logout-revisit', '--presets', 'fresh-default', '--personas', 'default'];

/** A copy of the example target named `name`, reading its URLs and credentials from `<prefix>_*` variables. */
function targetCopy(dir: string, file: string, name: string, prefix: string): string {
  const path = join(dir, file);
  const body = example.replace(`name: 'reference-portal (target file)'`, `name: '${name}'`).replaceAll('REFERENCE_', `${prefix}_`);
  expect(body, 'the example target still has the name and variables this test renames').not.toContain('REFERENCE_');
  writeFileSync(path, body);
  return path;
}

function portalEnv(prefix: string, portal: RunningPortal): Record<string, string> {
  const user = portal.users[0]!;
  return {
    [`${prefix}_PORTAL_URL`]: portal.portalUrl,
    [`${prefix}_IDP_URL`]: portal.idpUrl,
    [`${prefix}_USER_1`]: user.username,
    [`${prefix}_PASSWORD_1`]: user.password,
    [`${prefix}_IDLE_TIMEOUT_SECONDS`]: String(portal.idleTimeoutSeconds),
  };
}

function audit(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return runCli('cli/audit.ts', args, env);
}

test('two targets in one run: one report with both, one summary whose entries name their target, the exit code over both', async () => {
  // Two runs of one scenario and the report: about a minute on a quiet machine, more on a loaded one.
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'two-targets-'));
  const north = targetCopy(dir, 'nord.ts', 'Vårdportalen Nord', 'NORD');
  const south = targetCopy(dir, 'syd.ts', 'Vårdportalen Syd', 'SYD');
  const outDir = join(dir, 'out');
  // Long idle timeout: logout-revisit does not idle, so no verdict here may depend on the machine's speed.
  // The second portal's logout leaves its session alive: its finding alone must decide the run's exit code (a
  // code over the first target only would be 0).
  const [northPortal, southPortal] = await Promise.all([startPortal({ idleTimeoutSeconds: 900 }), startPortal({ idleTimeoutSeconds: 900, defects: ['rp-logout-local-only'] })]);
  try {
    // --no-check: the opening check is suites/cli/audit-check.spec.ts's subject; here it would only add two rounds.
    const { code, out } = await audit(['--target', north, '--target', south, ...onePlan, '--out', outDir, '--no-check'], { ...portalEnv('NORD', northPortal), ...portalEnv('SYD', southPortal) });
    expect(code, out).toBe(1);
    expect(out, 'one Playwright run over both').toContain('logout-audit: 2 scenario runs');

    const summary = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')) as Summary;
    expect(summary.target).toBe('Vårdportalen Nord, Vårdportalen Syd');
    expect(summary.results.map((r) => [r.target, r.scenario, r.verdict])).toEqual([
      ['Vårdportalen Nord', 'logout-revisit', 'passed'],
      ['Vårdportalen Syd', 'logout-revisit', 'failed'],
    ]);
    expect(summary.totals).toEqual({ passed: 1, failed: 1, broken: 0, skipped: 0 });
    expect(summary.scope).toMatchObject({ planRuns: 2 });
    expect(summary.scope?.shard).toBeUndefined();

    // One report: its results grouped by target, the Allure epic.
    const resultsDir = join(outDir, 'allure-results');
    const epics = readdirSync(resultsDir)
      .filter((f) => f.endsWith('-result.json'))
      .map((f) => (JSON.parse(readFileSync(join(resultsDir, f), 'utf8')) as { labels: { name: string; value: string }[] }).labels.find((l) => l.name === 'epic')?.value);
    expect(epics.sort()).toEqual(['Vårdportalen Nord', 'Vårdportalen Syd']);
    const { stats } = JSON.parse(readFileSync(join(outDir, 'report', 'summary.json'), 'utf8')) as { stats: Record<string, number> };
    expect(stats).toMatchObject({ total: 2, passed: 1, failed: 1 });
    expect(readFileSync(join(outDir, 'junit.xml'), 'utf8')).toMatch(/^<testsuites [^>]*tests="2" failures="1" skipped="0" errors="0"/);
  } finally {
    await Promise.all([northPortal.stop(), southPortal.stop()]);
  }
});

test('a bad second target file stops the run before any browser starts, naming that file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bad-second-target-'));
  const good = targetCopy(dir, 'nord.ts', 'Vårdportalen Nord', 'NORD');
  const bad = join(dir, 'syd.ts');
  writeFileSync(bad, example.replace('export default defineTarget({', 'export default defineTarget({{'));
  const outDir = join(dir, 'out');
  const env = { NORD_PORTAL_URL: 'http://127.0.0.1:9', NORD_IDP_URL: 'http://localhost:9', NORD_USER_1: 'u', NORD_PASSWORD_1: 'p' };
  const { code, out } = await audit(['--target', good, '--target', bad, ...onePlan, '--out', outDir], env);
  expect(code, out).toBe(2);
  expect(out.trim().split('\n'), 'one line').toHaveLength(1);
  expect(out).toContain(`target file ${bad} could not be loaded`);
  expect(out, 'Playwright never started').not.toContain('scenario runs');
  expect(existsSync(outDir), '--out untouched').toBe(false);
});

test('two targets with one name are refused: their results would share one epic and one summary key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'same-name-targets-'));
  const first = targetCopy(dir, 'nord.ts', 'Vårdportalen', 'NORD');
  const second = targetCopy(dir, 'syd.ts', 'Vårdportalen', 'SYD');
  const env = { NORD_USER_1: 'u', NORD_PASSWORD_1: 'p', SYD_USER_1: 'u', SYD_PASSWORD_1: 'p', NORD_PORTAL_URL: 'http://127.0.0.1:9', SYD_PORTAL_URL: 'http://127.0.0.1:9', NORD_IDP_URL: 'http://localhost:9', SYD_IDP_URL: 'http://localhost:9' };
  const { code, out } = await audit(['--target', first, '--target', second, ...onePlan, '--list'], env);
  expect(code, out).toBe(2);
  expect(out).toContain(`--target ${first} and --target ${second} both name their portal "Vårdportalen"`);
});
