import { fullyAccepted } from './acceptances';
import { describeChanges } from './changes';
import type { Summary } from './summary';

/** The one-screen summary printed at the end of every run: a row per run, findings by code, totals. */
export function renderSummary(summary: Summary, reportPath: string | undefined): string {
  // A run of several targets (or a merge of runs of several) has a column for the target of each row.
  const severalTargets = new Set(summary.results.map((r) => r.target)).size > 1;
  const changes = summary.changes !== undefined;
  // New findings first: the morning after a change, the first row is what changed.
  const results = changes ? [...summary.results].sort((a, b) => Number(b.change === 'new' && b.verdict === 'failed') - Number(a.change === 'new' && a.verdict === 'failed')) : summary.results;
  const rows = results.map((r) => [
    r.verdict.toUpperCase() + (r.verdict === 'failed' && fullyAccepted(r) ? ' (accepted)' : ''),
    ...(changes ? [(r.change ?? '').toUpperCase()] : []),
    ...(severalTargets ? [r.target] : []),
    r.scenario,
    r.driver,
    r.preset,
    r.persona,
    r.findings.map((f) => f.code).join(', ') || (r.verdict === 'passed' ? '' : (r.reason ?? '').slice(0, 60)),
  ]);
  const header = ['VERDICT', ...(changes ? ['CHANGE'] : []), ...(severalTargets ? ['TARGET'] : []), 'SCENARIO', 'DRIVER', 'PRESET', 'PERSONA', 'FINDINGS / REASON'];
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
    ...nightlyLines(summary),
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

/** Changes since the previous run, what the owner accepted, and acceptances that ended or matched nothing. */
function nightlyLines(summary: Summary): string[] {
  const lines: string[] = [];
  if (summary.changes) lines.push(describeChanges(summary.changes));
  for (const r of summary.results) {
    for (const a of r.accepted ?? []) lines.push(`accepted: ${r.scenario} ${a.code} (${r.driver} ${r.preset} ${r.persona}) until ${a.expires}, by ${a.acceptedBy}: ${a.reason}`);
  }
  const report = summary.acceptances;
  for (const a of report?.expired ?? []) lines.push(`EXPIRED acceptance: ${a.scenario} ${a.code} ended ${a.expires} (by ${a.acceptedBy}): its findings fail the gate again`);
  for (const a of report?.unused ?? []) lines.push(`unused acceptance: ${a.scenario} ${a.code} (until ${a.expires}) matched no finding: fixed, or misspelt? remove it from ${report?.files.join(', ')}`);
  if (summary.failOn === 'new') lines.push('gate: --fail-on new (findings already there the previous run do not fail it)');
  return lines.length > 0 ? [...lines, ''] : [];
}
