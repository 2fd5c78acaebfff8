import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { buildManifest, MANIFEST_NAME } from '../../reports/manifest';
import type { Summary } from '../../reports/summary';

// CI spreads one audit over machines with --shard I/N; `logout-audit report` brings the folders back together:
// one summary and report over the whole plan, the exit code over all of them, and nothing of a folder whose
// evidence no longer matches its own manifest.

test.describe.configure({ mode: 'serial', timeout: 300_000 });

const root = resolve('.');
const work = mkdtempSync(join(tmpdir(), 'merge-shards-'));
const plan = ['--portal-defects', 'rp-logout-local-only', '--scenarios', 'session-rotation,logout-revisit,close-without-logout', '--presets', 'fresh-default', '--personas', 'default'];
const shards = [1, 2, 3].map((i) => join(work, `shard-${i}`));

function command(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(join(root, 'bin', 'logout-audit.sh'), args, { cwd: work, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 240_000 });
  return { code: result.status, stdout: result.stdout, out: `${result.stdout}${result.stderr}` };
}

const readJson = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;
const runOf = (r: { scenario: string; browser: string; preset: string; persona: string }) => `${r.scenario}\t${r.browser}\t${r.preset}\t${r.persona}`;

test.beforeAll(() => {
  shards.forEach((out, i) => {
    const shard = command(['audit', ...plan, '--shard', `${i + 1}/3`, '--out', out]);
    expect([0, 1], shard.out).toContain(shard.code);
  });
});

test('three shards merge into one summary, report and junit.xml over the whole plan, with the exit code over all', () => {
  const merged = join(work, 'merged');
  const result = command(['report', ...shards, '--out', merged]);
  expect(result.code, result.out).toBe(1); // logout-revisit's finding is in one shard only
  const listed = command(['audit', ...plan, '--list']);
  const planned = listed.stdout.split('\n').filter((l) => l.split('\t').length === 4);
  expect(planned).toHaveLength(3);
  const summary = readJson<Summary>(join(merged, 'summary.json'));
  expect(summary.results.map(runOf).sort()).toEqual(planned.sort());
  expect(summary.totals).toEqual({ passed: 2, failed: 1, broken: 0, skipped: 0 });
  const { stats } = readJson<{ stats: Record<string, number> }>(join(merged, 'report', 'summary.json'));
  expect(stats).toMatchObject({ total: 3, passed: 2, failed: 1 });
  expect(readFileSync(join(merged, 'junit.xml'), 'utf8')).toMatch(/^<testsuites tests="3" failures="1" errors="0" skipped="0" /);
  expect(readdirSync(join(merged, 'shards'))).toHaveLength(3);
  expect(command(['verify', merged]).code).toBe(0);
  // Each shard says what it was: its share, and the one plan all three are of; the merge is that whole plan.
  const scopes = shards.map((dir) => readJson<Summary>(join(dir, 'summary.json')).scope);
  expect(scopes.map((s) => s?.shard)).toEqual([1, 2, 3].map((index) => ({ index, of: 3 })));
  expect(new Set(scopes.map((s) => s?.plan)).size).toBe(1);
  expect(summary.scope).toEqual({ plan: scopes[0]?.plan, planRuns: 3 });
});

test('two of three shards are refused, naming the missing one, and nothing is merged', () => {
  const merged = join(work, 'merged-missing');
  const result = command(['report', shards[0]!, shards[1]!, '--out', merged]);
  expect(result.code).toBe(2);
  expect(result.out.trim().split('\n'), 'one line').toEqual([expect.stringMatching(/^logout-audit report: nothing merged: shard 3\/3 of plan \w+ is missing .* give all 3 shards/)]);
  expect(existsSync(merged)).toBe(false);
});

test('a shard with one changed byte of evidence is refused, and nothing is merged', () => {
  const tampered = join(work, 'shard-3-tampered');
  cpSync(shards[2]!, tampered, { recursive: true });
  const attachment = readdirSync(join(tampered, 'allure-results')).find((f) => f.endsWith('-attachment.json'))!;
  const path = join(tampered, 'allure-results', attachment);
  const bytes = readFileSync(path);
  bytes[bytes.length - 2] = bytes[bytes.length - 2]! ^ 1;
  writeFileSync(path, bytes);
  const merged = join(work, 'merged-tampered');
  const result = command(['report', shards[0]!, shards[1]!, tampered, '--out', merged]);
  expect(result.code).toBe(2);
  expect(result.out).toContain(`nothing merged: ${tampered} does not match its manifest`);
  expect(result.out).toContain(`altered allure-results/${attachment}`);
  expect(existsSync(merged)).toBe(false);
});

test('a shard whose junit.xml is no JUnit file (its manifest matching) is refused with exit 2, never 1, and nothing is merged', () => {
  const cut = join(work, 'shard-3-cut-junit');
  cpSync(shards[2]!, cut, { recursive: true });
  writeFileSync(join(cut, 'junit.xml'), '<testsuites tests="1"'); // a write cut short
  writeFileSync(join(cut, MANIFEST_NAME), `${JSON.stringify(buildManifest(cut, process.env.AUDIT_SIGNING_KEY), null, 2)}\n`);
  expect(command(['verify', cut]).code, 'the premise: its evidence matches its manifest').toBe(0);
  const merged = join(work, 'merged-cut-junit');
  const result = command(['report', shards[0]!, shards[1]!, cut, '--out', merged]);
  expect(result.code, result.out).toBe(2);
  expect(result.out).toContain(`nothing merged: ${join(cut, 'junit.xml')} is not a JUnit file`);
  expect(existsSync(merged)).toBe(false);
});

test('the same shard given twice is refused rather than counted twice', () => {
  const result = command(['report', shards[0]!, shards[0]!, '--out', join(work, 'merged-twice')]);
  expect(result.code).toBe(2);
  expect(result.out).toMatch(/shard 1\/3 is given twice .* give each shard once/);
});

test('the nightly merge says what changed since the previous merge of the plan, and --fail-on new passes a finding already there', () => {
  // As the nightly workflow runs it: the history kept between nights (AUDIT_HISTORY), a new merged folder each night.
  const env = { AUDIT_HISTORY: join(work, 'nightly-history', 'history.jsonl') };
  const first = command(['report', ...shards, '--out', join(work, 'night-1')], env);
  expect(first.code, first.out).toBe(1);
  const firstSummary = readJson<Summary>(join(work, 'night-1', 'summary.json'));
  expect(firstSummary.changes).toMatchObject({ baseline: 'no previous run of this plan', counts: { new: 1, still: 2 } });
  const second = command(['report', ...shards, '--out', join(work, 'night-2'), '--fail-on', 'new'], env);
  expect(second.code, `the finding is still there, not new: ${second.out}`).toBe(0);
  const summary = readJson<Summary>(join(work, 'night-2', 'summary.json'));
  expect(summary.changes).toMatchObject({ since: firstSummary.finishedAt, counts: { new: 0, still: 3, fixed: 0, 'newly undecided': 0 } });
  expect(summary.results.find((r) => r.verdict === 'failed')?.change).toBe('still');
  expect(second.out).toContain('gate: --fail-on new');
  expect(command(['verify', join(work, 'night-2')]).code).toBe(0);
});
