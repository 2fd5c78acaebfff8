import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { buildManifest, MANIFEST_NAME, verificationPassed, verifyManifest } from '../../reports/manifest';

let out: string;

test.beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'manifest-'));
  mkdirSync(join(out, 'allure-results'));
  writeFileSync(join(out, 'allure-results', 'a-attachment.png'), Buffer.from([1, 2, 3, 4]));
  writeFileSync(join(out, 'allure-results', 'b-result.json'), '{"status":"failed"}');
  writeFileSync(join(out, 'summary.json'), '{"results":[]}');
});

test.afterEach(() => rmSync(out, { recursive: true, force: true }));

function seal(key?: string): void {
  writeFileSync(join(out, MANIFEST_NAME), JSON.stringify(buildManifest(out, key)));
}

test('an untouched run verifies', () => {
  seal();
  const result = verifyManifest(out);
  expect(result).toEqual({ altered: [], missing: [], extra: [], signature: 'absent' });
  expect(verificationPassed(result)).toBe(true);
});

test('one changed byte in one attachment is named', () => {
  seal();
  const path = join(out, 'allure-results', 'a-attachment.png');
  const bytes = readFileSync(path);
  bytes[0] = 9;
  writeFileSync(path, bytes);
  const result = verifyManifest(out);
  expect(result.altered).toEqual(['allure-results/a-attachment.png']);
  expect(verificationPassed(result)).toBe(false);
});

test('a removed and an added file are named', () => {
  seal();
  unlinkSync(join(out, 'summary.json'));
  writeFileSync(join(out, 'allure-results', 'c-forged-result.json'), '{"status":"passed"}');
  const result = verifyManifest(out);
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
  manifest.files['summary.json'] = buildManifest(out).files['summary.json'];
  writeFileSync(join(out, MANIFEST_NAME), JSON.stringify(manifest));
  const result = verifyManifest(out, 'run-key');
  expect(result.altered).toEqual([]);
  expect(result.signature).toBe('invalid');
});
