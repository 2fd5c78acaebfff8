import { expect, test } from '@playwright/test';
import { mergeJunit, withInterruption } from '../../reports/merge-junit';
import { MergeRefused } from '../../reports/merge-runs';

// One junit.xml over shards (logout-audit report out-1 out-2 …): the root's counts are the sums of every shard's,
// so a CI test view shows each finding as a failure and each undecided run as an error, whichever shard had it.

/** A shard's file as Playwright's JUnit reporter writes it: the root's open tag first, its close tag last. */
function shard(cases: ('passed' | 'failure' | 'error' | 'skipped')[], name: string): string {
  const count = (what: string) => cases.filter((c) => c === what).length;
  const body = cases.map((c, i) => {
    const inner = c === 'failure' ? '<failure message="finding" type="expect.toEqual"/>' : c === 'error' ? '<error message="undecided" type="UndecidedError"/>' : c === 'skipped' ? '<skipped/>' : '';
    return `<testcase name="${name} run ${i}" classname="suites/audit.spec.ts" time="1">${inner}</testcase>`;
  });
  const attributes = `tests="${cases.length}" failures="${count('failure')}" skipped="${count('skipped')}" errors="${count('error')}"`;
  return [`<testsuites id="" name="" ${attributes} time="2.5">`, `<testsuite name="suites/audit.spec.ts" hostname="audit:chromium" ${attributes} time="2.5">`, ...body, '</testsuite>', '</testsuites>'].join('\n');
}

test('the merged root sums tests, failures, errors and skipped over every shard, and keeps every testcase', () => {
  const one = shard(['passed', 'failure'], 'one');
  const two = shard(['error', 'skipped', 'passed'], 'two');
  const merged = mergeJunit([
    ['out-1/junit.xml', one],
    ['out-2/junit.xml', `<?xml version="1.0" encoding="UTF-8"?>\n${two}`],
  ]);
  expect(merged.split('\n')[0]).toBe('<testsuites tests="5" failures="1" errors="1" skipped="1" time="5.000">');
  expect(merged.endsWith('\n</testsuites>')).toBe(true);
  expect(merged.match(/<testcase /g)).toHaveLength(5);
  expect(merged.match(/<testsuites\b/g), 'one root').toHaveLength(1);
  // each shard's suite is copied as it was written
  for (const file of [one, two]) expect(merged).toContain(file.split('\n').slice(1, -1).join('\n'));
});

test('a shard whose junit.xml is not a JUnit file is refused, naming it', () => {
  const run = () => mergeJunit([['out-1/junit.xml', shard(['passed'], 'one')], ['out-2/junit.xml', '']]);
  expect(run).toThrow(MergeRefused);
  expect(run).toThrow('out-2/junit.xml is not a JUnit file with one <testsuites> root');
});

test('an interrupted audit\'s junit.xml gains an error testcase, counted in the root, its runs kept', () => {
  const cut = withInterruption(shard(['passed', 'skipped'], 'one'), 'interrupted: <2 runs> "cut"');
  expect(cut.split('\n')[0]).toBe('<testsuites tests="3" failures="0" errors="1" skipped="1" time="2.5">');
  expect(cut).toContain('<error message="interrupted: &lt;2 runs&gt; &quot;cut&quot;" type="INTERRUPTED"/>');
  expect(cut.match(/<testcase /g)).toHaveLength(3);
});
