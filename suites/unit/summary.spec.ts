import { expect, test } from '@playwright/test';
import { exitCodeFor, type SummaryEntry } from '../../reports/summary';
import { renderSummary } from '../../reports/summary-table';

const entry = (verdict: SummaryEntry['verdict'], codes: string[] = []): SummaryEntry => ({
  scenario: 'logout-revisit', browser: 'chromium', driver: 'playwright:chromium', preset: 'fresh-default', persona: 'default', verdict,
  findings: codes.map((code) => ({ code: code as never, message: 'm', expected: 'e', seen: 's' })), durationMs: 1,
});

test('the gate: 0 when all passed or skipped, 1 on any finding, 2 when only broken or nothing ran', () => {
  expect(exitCodeFor([entry('passed'), entry('skipped')])).toBe(0);
  expect(exitCodeFor([entry('passed'), entry('failed', ['X']), entry('broken')])).toBe(1);
  expect(exitCodeFor([entry('passed'), entry('broken')])).toBe(2);
  expect(exitCodeFor([])).toBe(2);
});

test('the summary names every run, its findings and the report path', () => {
  const text = renderSummary(
    { startedAt: '', finishedAt: '', target: 'reference-portal', portalDefects: ['x'], totals: { passed: 1, failed: 1, broken: 0, skipped: 0 }, results: [entry('passed'), entry('failed', ['SESSION_SURVIVED_RESTART'])] },
    'out/report/index.html',
  );
  expect(text).toContain('SESSION_SURVIVED_RESTART');
  expect(text).toContain('1 passed, 1 failed');
  expect(text).toContain('HTML report: out/report/index.html');
});
