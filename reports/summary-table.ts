import type { Summary } from './summary';

/** The one-screen summary printed at the end of every run: a row per run, findings by code, totals. */
export function renderSummary(summary: Summary, reportPath: string | undefined): string {
  // A run of several targets (or a merge of runs of several) has a column for the target of each row.
  const severalTargets = new Set(summary.results.map((r) => r.target)).size > 1;
  const rows = summary.results.map((r) => [
    r.verdict.toUpperCase(),
    ...(severalTargets ? [r.target] : []),
    r.scenario,
    r.driver,
    r.preset,
    r.persona,
    r.findings.map((f) => f.code).join(', ') || (r.verdict === 'passed' ? '' : (r.reason ?? '').slice(0, 60)),
  ]);
  const header = ['VERDICT', ...(severalTargets ? ['TARGET'] : []), 'SCENARIO', 'DRIVER', 'PRESET', 'PERSONA', 'FINDINGS / REASON'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const t = summary.totals;
  const defects = summary.portalDefects.length > 0 ? ` (portal defects: ${summary.portalDefects.join(', ')})` : '';
  return [
    '',
    `logout-audit summary: target ${summary.target}${defects}`,
    line(header),
    ...rows.map(line),
    '',
    ...engineNotes(summary),
    `${t.passed} passed, ${t.failed} failed (findings), ${t.broken} broken (harness could not decide), ${t.skipped} skipped`,
    reportPath ? `HTML report: ${reportPath}` : 'HTML report: not generated (see the error above)',
  ].join('\n');
}

/** Says plainly which rows came from a real browser and which from a User-Agent persona (one line per kind). */
function engineNotes(summary: Summary): string[] {
  const kinds = new Map<string, string>();
  for (const r of summary.results) {
    if (r.engine !== r.browser) kinds.set(`${r.driver} ${r.persona}`, `${r.driver}, persona ${r.persona}: ${r.engine}`);
  }
  return [...kinds.values()].sort();
}
