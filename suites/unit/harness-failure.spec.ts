import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { noteHarnessFailure } from '../../cli/harness-failure';

// An audit whose harness failed after its runs (its report could not be built) leaves a summary and a JUnit
// file that say so: all-passed results must not be read as a whole, green audit.

test('a harness failure after the runs is written into summary.json and junit.xml', () => {
  const out = mkdtempSync(join(tmpdir(), 'harness-failure-'));
  writeFileSync(join(out, 'summary.json'), JSON.stringify({ totals: { passed: 2, failed: 0, broken: 0, skipped: 0 }, results: [] }));
  writeFileSync(join(out, 'junit.xml'), '<testsuites tests="2" failures="0" errors="0" skipped="0" time="1">\n</testsuites>\n');
  noteHarnessFailure(out, 'EIO: i/o error, write');
  expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toMatchObject({ harnessFailure: 'EIO: i/o error, write', totals: { passed: 2 } });
  const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
  expect(junit).toMatch(/<testsuites [^>]*errors="1"/);
  expect(junit).toContain('type="HARNESS_ERROR"');
});

test('where nothing can be written (the disk is still full), it fails quietly: the exit code says it', () => {
  expect(() => noteHarnessFailure(join(tmpdir(), 'no-such-out-dir-'), 'ENOSPC')).not.toThrow();
});
