import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { buildManifest, MANIFEST_NAME, ManifestError, verificationPassed, verifyManifest } from '../../reports/manifest';

let out: string;

test.beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'manifest-'));
  mkdirSync(join(out, 'allure-results'));
  writeFileSync(join(out, 'allure-results', 'a-attachment.png'), Buffer.from([1, 2, 3, 4]));
  writeFileSync(join(out, 'allure-results', 'b-result.json'), '{"status":"failed"}');
  writeFileSync(join(out, 'summary.json'), '{"results":[]}');
  mkdirSync(join(out, 'test-results', 'audit-logout-revisit'), { recursive: true });
  writeFileSync(join(out, 'test-results', 'audit-logout-revisit', 'error-context.md'), '# Error details');
  mkdirSync(join(out, 'history'));
  writeFileSync(join(out, 'history', 'history.jsonl'), '{"run":1}\n');
});

test.afterEach(() => rmSync(out, { recursive: true, force: true }));

function seal(key = ''): void {
  writeFileSync(join(out, MANIFEST_NAME), JSON.stringify(buildManifest(out, key)));
}

test('an untouched run verifies', () => {
  seal();
  const result = verifyManifest(out, '');
  expect(result).toEqual({ altered: [], missing: [], extra: [], signature: 'absent' });
  expect(verificationPassed(result)).toBe(true);
});

test('one changed byte in one attachment is named', () => {
  seal();
  const path = join(out, 'allure-results', 'a-attachment.png');
  const bytes = readFileSync(path);
  bytes[0] = 9;
  writeFileSync(path, bytes);
  const result = verifyManifest(out, '');
  expect(result.altered).toEqual(['allure-results/a-attachment.png']);
  expect(verificationPassed(result)).toBe(false);
});

test('a removed and an added file are named', () => {
  seal();
  unlinkSync(join(out, 'summary.json'));
  writeFileSync(join(out, 'allure-results', 'c-forged-result.json'), '{"status":"passed"}');
  const result = verifyManifest(out, '');
  expect(result.missing).toEqual(['summary.json']);
  expect(result.extra).toEqual(['allure-results/c-forged-result.json']);
});

test('a signed manifest verifies with its key and fails with another', () => {
  seal('run-key');
  expect(verifyManifest(out, 'run-key').signature).toBe('valid');
  expect(verifyManifest(out, 'other-key').signature).toBe('invalid');
  expect(verificationPassed(verifyManifest(out, 'other-key'))).toBe(false);
});

test('rewriting a hash to match edited evidence breaks the signature', () => {
  seal('run-key');
  writeFileSync(join(out, 'summary.json'), '{"results":["edited"]}');
  const manifest = JSON.parse(readFileSync(join(out, MANIFEST_NAME), 'utf8'));
  manifest.files['summary.json'] = buildManifest(out, '').files['summary.json'];
  writeFileSync(join(out, MANIFEST_NAME), JSON.stringify(manifest));
  const result = verifyManifest(out, 'run-key');
  expect(result.altered).toEqual([]);
  expect(result.signature).toBe('invalid');
});

/** What someone who wants the findings gone does: edits summary.json, fixes its hash, removes the signature. */
function stripSignatureAfterEditing(): void {
  writeFileSync(join(out, 'summary.json'), '{"results":[],"findings":"removed"}');
  const manifest = JSON.parse(readFileSync(join(out, MANIFEST_NAME), 'utf8'));
  manifest.files['summary.json'] = buildManifest(out, '').files['summary.json'];
  delete manifest.signature;
  writeFileSync(join(out, MANIFEST_NAME), JSON.stringify(manifest));
}

test('a signature removed after editing the evidence fails when the key is given', () => {
  seal('run-key');
  stripSignatureAfterEditing();
  const result = verifyManifest(out, 'run-key');
  expect(result).toEqual({ altered: [], missing: [], extra: [], signature: 'missing' });
  expect(verificationPassed(result)).toBe(false);
});

test('an unsigned manifest passes without a key, and is refused as soon as a key is given', () => {
  seal('');
  expect(verifyManifest(out, '').signature).toBe('absent');
  expect(verificationPassed(verifyManifest(out, ''))).toBe(true);
  expect(verificationPassed(verifyManifest(out, 'run-key'))).toBe(false);
});

test('a signed manifest verified without a key says the signature was not checked', () => {
  seal('run-key');
  expect(verifyManifest(out, '').signature).toBe('not checked (no AUDIT_SIGNING_KEY)');
});

test('every file of the folder is covered: Playwright\'s test-results and the history included', () => {
  seal();
  const { files } = JSON.parse(readFileSync(join(out, MANIFEST_NAME), 'utf8'));
  expect(Object.keys(files).sort()).toEqual([
    'allure-results/a-attachment.png',
    'allure-results/b-result.json',
    'history/history.jsonl',
    'summary.json',
    'test-results/audit-logout-revisit/error-context.md',
  ]);
  writeFileSync(join(out, 'history', 'history.jsonl'), '{"run":1,"status":"passed"}\n');
  expect(verifyManifest(out, '').altered).toEqual(['history/history.jsonl']);
});

test('files added under test-results/, history/ or anywhere in the folder are named as extra', () => {
  seal();
  writeFileSync(join(out, 'test-results', 'audit-logout-revisit', 'forged.md'), 'all passed');
  writeFileSync(join(out, 'history', 'older-run.jsonl'), '{}');
  mkdirSync(join(out, 'new-folder'));
  writeFileSync(join(out, 'new-folder', 'note.txt'), 'x');
  const result = verifyManifest(out, '');
  expect(result.extra).toEqual(['history/older-run.jsonl', 'new-folder/note.txt', 'test-results/audit-logout-revisit/forged.md']);
  expect(verificationPassed(result)).toBe(false);
});

test('a file the run leaves out (its lock) is not in the manifest', () => {
  writeFileSync(join(out, '.audit.lock'), '123');
  writeFileSync(join(out, MANIFEST_NAME), JSON.stringify(buildManifest(out, '', ['.audit.lock'])));
  unlinkSync(join(out, '.audit.lock'));
  expect(verificationPassed(verifyManifest(out, ''))).toBe(true);
});

test('a manifest that is not one is refused with the reason', () => {
  writeFileSync(join(out, MANIFEST_NAME), '{"files": ');
  expect(() => verifyManifest(out, '')).toThrow(ManifestError);
  writeFileSync(join(out, MANIFEST_NAME), '{"version":1}');
  expect(() => verifyManifest(out, '')).toThrow(/no table of file hashes/);
});
