import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { acceptancesOfRun, acceptedFileBeside, parseAcceptedFile, type Acceptance } from '../../reports/accepted-file';
import { applyAcceptances, failsGate, isExpired } from '../../reports/acceptances';
import { changeOf, markChanges, nextBaseline, somethingChanged, type Baseline } from '../../reports/changes';
import { changeNotice, noticeBody, noticeLines } from '../../reports/change-notice';
import { exitCodeFor, type Summary, type SummaryEntry } from '../../reports/summary';
import { renderSummary } from '../../reports/summary-table';
import { applyNightly, keepBaseline, notifyChanges, prepareNightly, type NightlyArgs } from '../../cli/nightly';
import { postNotice } from '../../cli/notify';

// The nightly's logic on real objects: what counts as new, still, fixed or newly undecided; when an owner's
// acceptance holds; which findings fail the gate; what a notice says and never says. The whole thing through
// the real CLI and a real browser is suites/cli/nightly-changes.spec.ts.

const entry = (verdict: SummaryEntry['verdict'], codes: string[] = [], run: Partial<SummaryEntry> = {}): SummaryEntry => ({
  target: 'Vårdportalen', scenario: 'logout-revisit', browser: 'chromium', driver: 'playwright:chromium', preset: 'fresh-default', persona: 'default', engine: 'chromium', verdict,
  code: (verdict === 'failed' ? codes[0] : { passed: 'PASSED', broken: 'LOGIN_FAILED', skipped: 'NOT_APPLICABLE' }[verdict]) as never,
  findings: codes.map((code) => ({ code: code as never, message: 'the session cookie sid=s3cr3t-cookie-value let the user in', expected: 'e', seen: 's3cr3t-cookie-value' })), durationMs: 1, ...run,
});
const was = (verdict: SummaryEntry['verdict'], codes: string[] = []) => ({ verdict, codes });
const R = 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT';
const accept = (a: Partial<Acceptance> = {}): Acceptance => ({ scenario: 'logout-revisit', code: R, reason: 'fix in 4.2', acceptedBy: 'Anna', expires: '2027-01-31', ...a });
const now = new Date('2027-01-15T03:00:00Z');

test('a finding is new unless the same run had the same codes before; with no previous run every finding is new', () => {
  expect(changeOf(was('failed', [R]), undefined)).toBe('new');
  expect(changeOf(was('failed', [R]), was('passed'))).toBe('new');
  expect(changeOf(was('failed', [R]), was('broken'))).toBe('new');
  expect(changeOf(was('failed', [R, 'IDP_SESSION_ALIVE']), was('failed', [R]))).toBe('new');
  expect(changeOf(was('failed', [R]), was('failed', [R, 'IDP_SESSION_ALIVE']))).toBe('still');
});

test('fixed only when a run with a finding now positively passed; broken or skipped after a finding is newly undecided', () => {
  expect(changeOf(was('passed'), was('failed', [R]))).toBe('fixed');
  expect(changeOf(was('skipped'), was('failed', [R]))).toBe('newly undecided');
  expect(changeOf(was('broken'), was('failed', [R]))).toBe('newly undecided');
  expect(changeOf(was('broken'), was('passed'))).toBe('newly undecided');
  expect(changeOf(was('broken'), undefined)).toBe('newly undecided');
  expect(changeOf(was('broken'), was('broken'))).toBe('still');
  expect(changeOf(was('passed'), was('passed'))).toBe('still');
  expect(changeOf(was('passed'), undefined)).toBe('still');
});

test('runs are compared by target, scenario, driver, preset and persona: another persona is another run', () => {
  const baseline: Baseline = { finishedAt: '2027-01-14T02:00:00Z', results: [{ ...entry('failed', [R]), codes: [R] }] };
  const marked = markChanges([entry('failed', [R]), entry('failed', [R], { persona: 'ie11' })], baseline);
  expect(marked.map((e) => e.change)).toEqual(['still', 'new']);
});

test('a night the harness could not decide keeps the last decided verdict for the next comparison', () => {
  const previous: Baseline = { finishedAt: 'x', results: [{ ...entry('failed', [R]), codes: [R] }] };
  const kept = nextBaseline([entry('broken')], 'y', 'p', previous);
  expect(kept.results.map((r) => [r.verdict, r.codes])).toEqual([['failed', [R]]]);
  expect(markChanges([entry('failed', [R])], kept)[0]?.change, 'the finding after a broken night is not new').toBe('still');
});

test('an acceptance holds through its last day (UTC) and not a day more', () => {
  expect(isExpired({ expires: '2027-01-15' }, new Date('2027-01-15T23:59:59Z'))).toBe(false);
  expect(isExpired({ expires: '2027-01-15' }, new Date('2027-01-16T00:00:00Z'))).toBe(true);
});

test('an accepted finding is marked and does not fail the gate; expired and unused acceptances are reported', () => {
  const acceptances = [accept(), accept({ scenario: 'cookie-attributes', code: 'COOKIE_FLAGS_WEAK' }), accept({ scenario: 'logout-replay', code: 'SESSION_VALID_AFTER_LOGOUT', expires: '2027-01-01' })];
  const results = markChanges([entry('failed', [R]), entry('failed', ['SESSION_VALID_AFTER_LOGOUT'], { scenario: 'logout-replay' })], undefined);
  const { entries, report } = applyAcceptances(results, acceptances, ['t.accepted.json'], now);
  expect(entries[0]?.accepted).toEqual([{ code: R, reason: 'fix in 4.2', acceptedBy: 'Anna', expires: '2027-01-31' }]);
  expect(entries[1]?.accepted, 'an expired acceptance covers nothing').toBeUndefined();
  expect([report.used, report.expired, report.unused].map((list) => list.map((a) => a.code))).toEqual([[R], ['SESSION_VALID_AFTER_LOGOUT'], ['COOKIE_FLAGS_WEAK']]);
  const gate = (e: SummaryEntry) => failsGate(e, 'any', report.expired);
  expect(exitCodeFor(entries.slice(0, 1), undefined, gate), 'accepted only: passes the gate').toBe(0);
  expect(exitCodeFor(entries, undefined, gate), 'the expired one fails it').toBe(1);
});

test('an entry with one accepted and one unaccepted finding still fails the gate', () => {
  const { entries } = applyAcceptances([entry('failed', [R, 'IDP_SESSION_ALIVE'])], [accept()], [], now);
  expect(failsGate(entries[0]!, 'any', [])).toBe(true);
});

test('--fail-on new: a finding already there does not fail the gate, a new one does, and so does one whose acceptance ended', () => {
  const baseline: Baseline = { finishedAt: 'x', results: [{ ...entry('failed', [R]), codes: [R] }] };
  const [still] = markChanges([entry('failed', [R])], baseline);
  const [fresh] = markChanges([entry('failed', [R])], undefined);
  expect(failsGate(still!, 'new', [])).toBe(false);
  expect(failsGate(still!, 'any', [])).toBe(true);
  expect(failsGate(fresh!, 'new', [])).toBe(true);
  expect(failsGate(still!, 'new', [accept({ expires: '2027-01-01' })])).toBe(true);
  expect(exitCodeFor([still!, entry('broken')], undefined, (e) => failsGate(e, 'new', [])), 'undecided is still 2').toBe(2);
});

test('an accepted-findings file is checked like a target: every wrong field named', () => {
  expect(() => parseAcceptedFile({ accepted: [{ scenario: 'logout-revisitt', code: 'NOPE', reason: ' ', acceptedBy: 'A', expires: '31/01/2027', extra: 1 }] }, 'p.accepted.json')).toThrow(
    /p\.accepted\.json is not valid:\n {2}accepted\.0\.scenario: unknown scenario "logout-revisitt"[\s\S]*accepted\.0\.code: unknown finding code "NOPE"[\s\S]*accepted\.0\.reason: not empty[\s\S]*accepted\.0\.expires: a date as YYYY-MM-DD[\s\S]*extra/,
  );
  expect(() => parseAcceptedFile({ accepted: [accept({ code: 'COOKIE_FLAGS_WEAK' })] }, 'f')).toThrow('accepted.0.code: logout-revisit never reports COOKIE_FLAGS_WEAK');
  expect(parseAcceptedFile({ accepted: [accept()] }, 'f')).toEqual([accept()]);
});

test('the file beside a target is found by its name, and binds its acceptances to that target', () => {
  const dir = mkdtempSync(join(tmpdir(), 'accepted-'));
  expect(acceptedFileBeside(join(dir, 'production.ts'))).toBe(join(dir, 'production.accepted.json'));
  writeFileSync(join(dir, 'production.accepted.json'), JSON.stringify({ accepted: [accept()] }));
  const run = acceptancesOfRun(undefined, [{ file: join(dir, 'production.ts'), name: 'Vårdportalen' }, { file: join(dir, 'other.ts'), name: 'Other' }]);
  expect(run.acceptances.map((a) => a.target)).toEqual(['Vårdportalen']);
  expect(() => acceptancesOfRun(join(dir, 'missing.json'), [])).toThrow('--accepted');
});

test('options are refused before anything runs: a wrong --fail-on or format, --notify-always without a webhook', () => {
  const args: NightlyArgs = { baseline: '', accepted: '', 'fail-on': 'any', notify: '', 'notify-always': false, 'notify-format': 'json' };
  expect(() => prepareNightly({ ...args, 'fail-on': 'all' }, [], 'h/history.jsonl', undefined)).toThrow('--fail-on all: use any');
  expect(() => prepareNightly({ ...args, notify: 'http://x', 'notify-format': 'mail' }, [], 'h', undefined)).toThrow('--notify-format mail');
  expect(() => prepareNightly({ ...args, 'notify-always': true }, [], 'h', undefined)).toThrow('--notify-always needs a webhook');
  expect(prepareNightly({ ...args, 'notify-format': 'teams' }, [], 'h', undefined).notify, 'a format without a webhook: nobody is told').toBeUndefined();
  expect(() => prepareNightly({ ...args, baseline: mkdtempSync(join(tmpdir(), 'nobase-')) }, [], 'h', undefined)).toThrow('has no summary.json');
  expect(prepareNightly(args, [], 'h', 'https://hooks.example/x').notify).toEqual({ url: 'https://hooks.example/x', always: false, format: 'json' });
});

const summaryOf = (results: SummaryEntry[], finishedAt: string): Summary => ({
  startedAt: finishedAt, finishedAt, target: 'Vårdportalen', portalDefects: [], scope: { plan: 'a'.repeat(64), planRuns: results.length }, totals: { passed: 0, failed: 0, broken: 0, skipped: 0 }, results,
});

test('the previous run of the plan is kept beside the history, and the next run is compared with it', () => {
  const history = join(mkdtempSync(join(tmpdir(), 'history-')), 'history.jsonl');
  const args: NightlyArgs = { baseline: '', accepted: '', 'fail-on': 'any', notify: '', 'notify-always': false, 'notify-format': 'json' };
  const nightly = prepareNightly(args, [], history, undefined);
  const first = applyNightly(summaryOf([entry('passed')], '2027-01-14T02:30:00.000Z'), nightly, now);
  expect(first.summary.changes).toEqual({ baseline: 'no previous run of this plan', counts: { new: 0, still: 1, fixed: 0, 'newly undecided': 0 } });
  keepBaseline(first.summary, nightly, first.previous);
  const second = applyNightly(summaryOf([entry('failed', [R])], '2027-01-15T02:30:00.000Z'), nightly, now);
  expect(second.summary.changes?.since).toBe('2027-01-14T02:30:00.000Z');
  expect(second.summary.results[0]?.change).toBe('new');
  const text = renderSummary(second.summary, undefined);
  expect(text).toContain('Changes since 2027-01-14 02:30 UTC: 1 new, 0 fixed, 0 newly undecided, 0 still');
  expect(text).toMatch(/VERDICT\s+CHANGE\s+SCENARIO/);
  // A shard is a share of the plan: it is never kept as the plan's previous run.
  keepBaseline({ ...second.summary, scope: { plan: 'a'.repeat(64), planRuns: 2, shard: { index: 1, of: 2 } } }, nightly, second.previous);
  expect(readFileSync(join(nightly.historyDir, `last-run-${'a'.repeat(16)}.json`), 'utf8')).toContain('2027-01-14T02:30:00.000Z');
});

test('the one-screen summary puts new findings first', () => {
  const baseline: Baseline = { finishedAt: '2027-01-14T02:30:00Z', results: [{ ...entry('failed', [R], { scenario: 'cookie-attributes' }), codes: [R] }] };
  const results = markChanges([entry('failed', [R], { scenario: 'cookie-attributes' }), entry('failed', [R], { scenario: 'logout-replay' })], baseline);
  const rows = renderSummary({ ...summaryOf(results, 'z'), changes: { since: baseline.finishedAt, baseline: 'f', counts: { new: 1, still: 1, fixed: 0, 'newly undecided': 0 } } }, undefined).split('\n').filter((l) => l.startsWith('FAILED'));
  expect(rows.map((r) => r.split(/\s+/).slice(0, 3))).toEqual([['FAILED', 'NEW', 'logout-replay'], ['FAILED', 'STILL', 'cookie-attributes']]);
});

test('a notice names runs and codes, never a finding\'s message or what the run saw; Teams and Slack shapes', () => {
  const [marked] = markChanges([entry('failed', [R])], undefined);
  const summary: Summary = { ...summaryOf([marked!], '2027-01-15T02:30:00Z'), changes: { baseline: 'none', counts: { new: 1, still: 0, fixed: 0, 'newly undecided': 0 } } };
  const notice = changeNotice(summary, 1);
  expect(somethingChanged(notice.counts)).toBe(true);
  expect(noticeLines(notice)).toEqual([`NEW finding logout-revisit (playwright:chromium, fresh-default, default): ${R}`]);
  for (const format of ['json', 'teams', 'slack'] as const) expect(JSON.stringify(noticeBody(notice, format))).not.toContain('s3cr3t');
  expect(noticeBody(notice, 'slack')).toMatchObject({ text: expect.stringContaining('FINDINGS (exit 1)'), blocks: [{ type: 'section' }] });
  expect(noticeBody(notice, 'teams')).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } }] });
});

test('a webhook that refuses or is not there is a warning naming its origin only, never its key', async () => {
  const server = createServer((_req, res) => res.writeHead(500).end());
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  try {
    expect(await postNotice(`http://127.0.0.1:${port}/hook/KEY123`, {})).toBe(`the notification to http://127.0.0.1:${port} was refused: HTTP 500`);
  } finally {
    server.close();
  }
  const gone = await postNotice(`http://127.0.0.1:${port}/hook/KEY123`, {});
  expect(gone).toMatch(/could not be sent: ECONNREFUSED/);
  expect(gone).not.toContain('KEY123');
});

test('a webhook that fails leaves the audit as it was: notifyChanges warns and resolves, it never throws', async () => {
  const server = createServer((_req, res) => res.writeHead(503).end());
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/KEY123`;
  const args: NightlyArgs = { baseline: '', accepted: '', 'fail-on': 'any', notify: url, 'notify-always': true, 'notify-format': 'teams' };
  const nightly = prepareNightly(args, [], join(mkdtempSync(join(tmpdir(), 'history-')), 'history.jsonl'), undefined);
  const { summary } = applyNightly(summaryOf([entry('failed', [R])], '2027-01-15T02:30:00.000Z'), nightly, now);
  const warnings: string[] = [];
  const original = console.error;
  console.error = (line: string) => warnings.push(line);
  try {
    await expect(notifyChanges(summary, nightly, 1)).resolves.toBeUndefined();
  } finally {
    console.error = original;
    server.close();
  }
  expect(warnings).toEqual([expect.stringMatching(/warning: the notification to http:\/\/127\.0\.0\.1:\d+ was refused: HTTP 503; the exit code is the audit's/)]);
  expect(warnings.join('')).not.toContain('KEY123');
});
