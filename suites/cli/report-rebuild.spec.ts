import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { buildManifest, MANIFEST_NAME } from '../../reports/manifest';
import { tsEntry } from '../../cli/ts-entry';

// `logout-audit report DIR` signs what it rebuilds: over edited results it would make a forgery verify. So it
// first checks the folder against the manifest it has, and refuses (exit 2) what does not match.

const root = resolve('.');
const KEY = 'the-run-key';

function report(dir: string, key: string) {
  const result = spawnSync(process.execPath, [...tsEntry(join(root, 'cli/report.ts')), dir], {
    cwd: root,
    env: { ...process.env, AUDIT_SIGNING_KEY: key, AUDIT_HISTORY: join(dir, 'history', 'history.jsonl') },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

/** A finished run's folder with a finding, signed with KEY. */
function signedRun(): string {
  const dir = mkdtempSync(join(tmpdir(), 'report-rebuild-'));
  mkdirSync(join(dir, 'allure-results'));
  writeFileSync(join(dir, 'allure-results', 'a-result.json'), JSON.stringify({ uuid: 'a', name: 'logout-replay', status: 'failed', stage: 'finished', start: 1, stop: 2 }));
  writeFileSync(join(dir, 'summary.json'), '{"results":[{"verdict":"failed","findings":[{"code":"SESSION_VALID_AFTER_LOGOUT"}]}]}');
  writeFileSync(join(dir, MANIFEST_NAME), JSON.stringify(buildManifest(dir, KEY)));
  return dir;
}

/** What an attacker edits: the verdict in the summary and in the Allure result, from failed to passed. */
function forge(dir: string): void {
  writeFileSync(join(dir, 'summary.json'), '{"results":[{"verdict":"passed","findings":[]}]}');
  writeFileSync(join(dir, 'allure-results', 'a-result.json'), JSON.stringify({ uuid: 'a', name: 'logout-replay', status: 'passed', stage: 'finished', start: 1, stop: 2 }));
}

test('results edited from failed to passed are not rebuilt nor signed anew with the key (exit 2)', () => {
  const dir = signedRun();
  forge(dir);
  const manifestBefore = readFileSync(join(dir, MANIFEST_NAME), 'utf8');
  const { code, out } = report(dir, KEY);
  expect(code, out).toBe(2);
  expect(out).toContain('nothing rebuilt');
  expect(out).toContain('altered summary.json');
  expect(out).toContain('altered allure-results/a-result.json');
  expect(readFileSync(join(dir, MANIFEST_NAME), 'utf8'), 'the manifest is left as it was').toBe(manifestBefore);
});

test('a signed folder is not rebuilt without its key: the new manifest would drop the signature (exit 2)', () => {
  const { code, out } = report(signedRun(), '');
  expect(code, out).toBe(2);
  expect(out).toContain('no AUDIT_SIGNING_KEY to check the signature with');
});

test('an intact signed folder is rebuilt with its key, and its new manifest verifies (the control)', () => {
  const dir = signedRun();
  const { code, out } = report(dir, KEY);
  expect(code, out).toBe(0);
  expect(out).toContain('HTML report:');
  const verify = spawnSync(process.execPath, [...tsEntry(join(root, 'cli/verify.ts')), dir], { cwd: root, env: { ...process.env, AUDIT_SIGNING_KEY: KEY }, encoding: 'utf8' });
  expect(verify.status, verify.stdout).toBe(0);
});
