import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { buildManifest, MANIFEST_NAME } from '../../reports/manifest';
import { tsEntry } from '../../cli/ts-entry';

// npm run verify as the receiver of a folder runs it: the exit code is the answer, the lines say why.

const root = resolve('.');
function verify(dir: string, key: string) {
  const result = spawnSync(process.execPath, [...tsEntry(join(root, 'cli/verify.ts')), dir], {
    cwd: root,
    env: { ...process.env, AUDIT_SIGNING_KEY: key },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

function signedRun(): string {
  const dir = mkdtempSync(join(tmpdir(), 'verify-cli-'));
  writeFileSync(join(dir, 'summary.json'), '{"results":[{"verdict":"failed","findings":[{"code":"SESSION_VALID_AFTER_LOGOUT"}]}]}');
  mkdirSync(join(dir, 'test-results'));
  mkdirSync(join(dir, 'history'));
  writeFileSync(join(dir, 'history', 'history.jsonl'), '{}\n');
  writeFileSync(join(dir, MANIFEST_NAME), JSON.stringify(buildManifest(dir, 'the-run-key')));
  return dir;
}

test('a signed run verifies with its key (exit 0)', () => {
  expect(verify(signedRun(), 'the-run-key')).toMatchObject({ code: 0, out: expect.stringContaining('signature: valid') });
});

test('findings removed, hash recomputed and signature deleted: exit 1 with the key, the signature named missing', () => {
  const dir = signedRun();
  writeFileSync(join(dir, 'summary.json'), '{"results":[{"verdict":"passed","findings":[]}]}');
  const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_NAME), 'utf8'));
  manifest.files['summary.json'] = buildManifest(dir, '').files['summary.json'];
  delete manifest.signature;
  writeFileSync(join(dir, MANIFEST_NAME), JSON.stringify(manifest));
  const { code, out } = verify(dir, 'the-run-key');
  expect(code, out).toBe(1);
  expect(out).toContain('signature: MISSING: AUDIT_SIGNING_KEY is set but the manifest is not signed');
  expect(out).toContain('does NOT match its manifest');
});

test('a file added under test-results/ or history/ after the run: exit 1, each named', () => {
  const dir = signedRun();
  writeFileSync(join(dir, 'test-results', 'forged-pass.md'), 'all passed');
  writeFileSync(join(dir, 'history', 'older.jsonl'), '{}\n');
  const { code, out } = verify(dir, 'the-run-key');
  expect(code, out).toBe(1);
  expect(out).toContain('EXTRA    test-results/forged-pass.md');
  expect(out).toContain('EXTRA    history/older.jsonl');
});

test('a manifest that is not JSON: exit 1 with the reason, no stack trace', () => {
  const dir = signedRun();
  writeFileSync(join(dir, MANIFEST_NAME), '{"files": ');
  const { code, out } = verify(dir, 'the-run-key');
  expect(code, out).toBe(1);
  expect(out).toContain(`verify: ${MANIFEST_NAME} is not valid JSON`);
  expect(out).not.toMatch(/\n\s+at /);
});

test('a signed folder verified without the key: exit 2, never "intact"', () => {
  const { code, out } = verify(signedRun(), '');
  expect(code, out).toBe(2);
  expect(out).toContain('signature could not be checked: set AUDIT_SIGNING_KEY');
  expect(out).not.toContain('is intact');
});
