import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { plannedRuns } from '../../cli/planned-runs';
import { formatAuditTargets } from '../../targets/audit-targets';
import { auditPlan } from '../../audit/plan';
import { parseAuditSettings } from '../../audit/settings';

// The CLI decides its exit code over the runs it planned, and with --shard over this machine's share. That
// share is Playwright's cut (cli/planned-runs.ts mirrors it): proven here against Playwright's own --list, for
// every share of an uneven split over two browsers, so a Playwright upgrade that cuts differently is caught.

const env = {
  AUDIT_CLI: '1',
  AUDIT_BROWSERS: 'chromium,firefox',
  // logout-revisit and cookie-attributes share a round: a group Playwright keeps whole in one share.
  AUDIT_SCENARIOS: 'logout-revisit,logout-replay,logout-close-relaunch,cookie-attributes',
  AUDIT_PERSONAS: 'default,ie11',
};

function playwrightsShare(shard: string, projects = ['audit:chromium', 'audit:firefox'], more: Record<string, string> = {}): string[] {
  const root = resolve('.');
  const listed = spawnSync(
    process.execPath,
    [join(root, 'node_modules/@playwright/test/cli.js'), 'test', '--list', '--reporter=list', ...projects.flatMap((p) => ['--project', p]), '--shard', shard],
    { cwd: root, env: { ...process.env, ...env, ...more, AUDIT_OUT: mkdtempSync(join(tmpdir(), 'shard-')) }, encoding: 'utf8', timeout: 120_000 },
  );
  expect(listed.status, listed.stderr).toBe(0);
  // project audit:<browser>, or audit:<browser>:<target> in a run of several targets
  return [...listed.stdout.matchAll(/\[audit:([\w-]+)(?::(\w+))?\] › .* › ([\w-]+) \[([\w-]+), ([\w-]+)\]/g)].map(
    ([, browser, target, scenario, preset, persona]) => `${target ? `${target} ` : ''}${scenario} ${browser} ${preset} ${persona}`,
  );
}

test('the share of the plan the CLI expects with --shard I/N is the one Playwright runs', () => {
  test.setTimeout(240_000);
  const plan = auditPlan(parseAuditSettings({ ...process.env, ...env }));
  const total = plan.length * 2;
  expect(total % 3, 'an uneven split, where the remainder goes matters').not.toBe(0);
  const seen: string[] = [];
  for (const shard of ['1/3', '2/3', '3/3']) {
    const ours = plannedRuns(plan, ['chromium', 'firefox'], shard, undefined).map((r) => `${r.scenario} ${r.browser} ${r.preset} ${r.persona}`);
    expect(ours, `share ${shard}`).toEqual(playwrightsShare(shard));
    seen.push(...ours);
  }
  expect(seen.length, 'the shares cover the plan once').toBe(total);
});

test('with several targets, the share the CLI expects is still the one Playwright runs (target by target, then browser)', () => {
  test.setTimeout(120_000);
  // Listing starts no fixture, so the target files need not exist; the names are what the projects carry.
  const targets = [{ file: '/nowhere/nord.ts', name: 'Nord' }, { file: '/nowhere/syd.ts', name: 'Syd' }];
  const more = { AUDIT_TARGETS: formatAuditTargets(targets) };
  const plan = auditPlan(parseAuditSettings({ ...process.env, ...env, ...more }));
  const ours = plannedRuns(plan, ['chromium', 'firefox'], '2/3', undefined, targets).map((r) => `${r.target} ${r.scenario} ${r.browser} ${r.preset} ${r.persona}`);
  expect(new Set(ours.map((r) => r.split(' ')[0])).size, 'the middle share spans both targets').toBe(2);
  expect(ours).toEqual(playwrightsShare('2/3', ['audit:chromium:Nord', 'audit:firefox:Nord', 'audit:chromium:Syd', 'audit:firefox:Syd'], more));
});
