import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
// The YAML parser the Allure CLI (a dependency) brings along: no dependency added for this test alone.
import { parse } from 'yaml';

// The CI templates operators copy: they must parse, spread the audit over a matrix of shards, and bring the
// shards together with `logout-audit report` in a job whose exit code is the merged one.

type Step = { name?: string; run?: string; uses?: string; with?: Record<string, unknown>; id?: string; 'continue-on-error'?: boolean };
type Job = { needs?: unknown; if?: string; strategy?: { matrix?: { shard?: number[] } }; steps: Step[] };

const read = (path: string) => parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

test('nightly.yml: a matrix of shards, each uploading its folder; one job merges them, keeps the history and exits with the merged code', () => {
  const { jobs } = read('.github/workflows/nightly.yml') as { jobs: Record<string, Job> };
  const audit = jobs.audit!;
  expect(audit.strategy?.matrix?.shard?.length).toBeGreaterThan(1);
  const shardRun = audit.steps.find((s) => s.run?.includes('npm run audit'))?.run ?? '';
  expect(shardRun).toContain('--shard ${{ matrix.shard }}/${{ strategy.job-total }}');
  expect(shardRun).toContain('--out out-${{ matrix.shard }}');
  // Hidden files too: upload-artifact leaves them out by default, and the manifest lists test-results/.last-run.json.
  expect(audit.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))?.with).toMatchObject({ name: 'out-${{ matrix.shard }}', path: 'out-${{ matrix.shard }}/', 'include-hidden-files': true });

  const report = jobs.report!;
  expect(report.needs).toBe('audit');
  expect(report.if).toBe('always()');
  const uses = report.steps.map((s) => s.uses ?? s.run ?? '');
  const order = ['actions/download-artifact', 'actions/cache/restore', 'npm run report', 'actions/cache/save', 'npm run verify', 'actions/upload-artifact', 'exit ${{ steps.merge.outputs.code'];
  const at = order.map((what) => uses.findIndex((u) => u.includes(what)));
  expect(at.every((i) => i >= 0), `steps in order: ${order.join(', ')}`).toBe(true);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
  const merge = report.steps.find((s) => s.id === 'merge')?.run ?? '';
  expect(merge).toMatch(/npm run report -- \$\(ls -d out-\* \| sort -V\) --out out /);
  // Issue 36: what changed since last night, the owner's accepted findings, and a webhook told.
  expect(merge).toContain('--accepted "$accepted"');
  expect(merge).toContain('--fail-on');
  expect(merge).toContain('--notify-format');
  expect((report as Job & { env?: Record<string, string> }).env).toMatchObject({ AUDIT_NOTIFY_URL: '${{ secrets.AUDIT_NOTIFY_URL }}', AUDIT_HISTORY: '.allure-history/history.jsonl' });
  expect(report.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))?.with).toMatchObject({ path: 'out/', 'include-hidden-files': true });
  expect(report.steps.at(-1)?.run, 'the last step exits with the merged code; a merge that never ran is undecided').toBe('exit ${{ steps.merge.outputs.code || 2 }}');
});

test('gitlab-ci.example.yml: parallel shards by CI_NODE_INDEX/CI_NODE_TOTAL, then a merge job with the JUnit report', () => {
  const ci = read('docs/ci/gitlab-ci.example.yml') as Record<string, { parallel?: number; script?: string[]; needs?: unknown; artifacts?: { paths?: string[]; reports?: { junit?: string } }; rules?: { when?: string }[] }>;
  const shards = ci['nightly-logout-audit']!;
  expect(shards.parallel).toBeGreaterThan(1);
  expect(shards.script?.join('\n')).toContain('--shard "$CI_NODE_INDEX/$CI_NODE_TOTAL" --out "out-$CI_NODE_INDEX"');
  expect(shards.artifacts?.paths).toEqual(['out-$CI_NODE_INDEX/']);
  const merge = ci['nightly-logout-report']!;
  expect(merge.needs).toEqual([{ job: 'nightly-logout-audit', artifacts: true }]);
  expect(merge.rules?.[0]?.when).toBe('always');
  expect(merge.script?.at(-1)).toMatch(/^npm run report -- \$\(ls -d out-\* \| sort -V\) --out out .*--accepted "\$accepted".*--fail-on .*--notify-format /);
  expect(merge.artifacts?.reports?.junit).toBe('out/junit.xml');
});
