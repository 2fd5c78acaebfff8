import { expect, test } from '@playwright/test';
import { exitCodeFor, type SummaryEntry } from '../../reports/summary';
import { renderSummary } from '../../reports/summary-table';
import { engineOf } from '../../drivers/audit-browsers';
import { personaById } from '../../drivers/personas';

const entry = (verdict: SummaryEntry['verdict'], codes: string[] = [], run: Partial<SummaryEntry> = {}): SummaryEntry => ({
  target: 'reference-portal', scenario: 'logout-revisit', browser: 'chromium', driver: 'playwright:chromium', preset: 'fresh-default', persona: 'default', engine: 'chromium', verdict, code: verdict === 'failed' ? (codes[0] as never) : 'PASSED',
  findings: codes.map((code) => ({ code: code as never, message: 'm', expected: 'e', seen: 's' })), durationMs: 1, ...run,
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

test('the summary says plainly which IE results came from a real IE and which from a User-Agent persona', () => {
  const persona = personaById('ie11');
  const results = [
    entry('passed'),
    entry('passed', [], { persona: 'ie11', engine: engineOf('chromium', persona) }),
    entry('passed', [], { browser: 'internet-explorer', driver: 'selenium:internet-explorer@grid', engine: engineOf('internet-explorer', personaById('default')) }),
  ];
  const text = renderSummary({ startedAt: '', finishedAt: '', target: 't', portalDefects: [], totals: { passed: 3, failed: 0, broken: 0, skipped: 0 }, results }, undefined);
  expect(text).toContain("playwright:chromium, persona ie11: chromium sending Internet Explorer 11's User-Agent (a persona, not a real Internet Explorer 11)");
  expect(text).toContain('selenium:internet-explorer@grid, persona default: a real Internet Explorer 11 on a Windows grid node');
  expect(text.split('\n').filter((l) => l.includes('persona default: chromium'))).toEqual([]);
});
