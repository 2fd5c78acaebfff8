import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

// out/evidence-manifest.json: the SHA-256 of every evidence file of a run (Allure results and attachments,
// summary.json, the HTML report), so whoever receives the folder can show nothing was altered, added or
// removed since the run. With AUDIT_SIGNING_KEY set, an HMAC-SHA256 over the manifest binds it to the key
// holder: without the key nobody can rewrite the hashes to match edited evidence.

export const MANIFEST_NAME = 'evidence-manifest.json';
const COVERED = ['allure-results', 'report', 'summary.json', 'defect-matrix.json'];

export interface Manifest {
  version: 1;
  createdAt: string;
  algorithm: 'sha256';
  files: Record<string, string>;
  signature?: { algorithm: 'hmac-sha256'; value: string };
}

function walk(root: string, path: string): string[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return [relative(root, path).split(sep).join('/')];
  return readdirSync(path).sort().flatMap((entry) => walk(root, join(path, entry)));
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The signed content: the file table, in a fixed order, so the signature does not depend on JSON layout. */
function canonical(files: Record<string, string>): string {
  return Object.keys(files)
    .sort()
    .map((name) => `${files[name]}  ${name}`)
    .join('\n');
}

function sign(files: Record<string, string>, key: string): string {
  return createHmac('sha256', key).update(canonical(files)).digest('hex');
}

export function buildManifest(outDir: string, key = process.env.AUDIT_SIGNING_KEY): Manifest {
  const files: Record<string, string> = {};
  for (const name of COVERED.flatMap((c) => walk(outDir, join(outDir, c)))) files[name] = sha256(join(outDir, name));
  return {
    version: 1,
    createdAt: new Date().toISOString(),
    algorithm: 'sha256',
    files,
    ...(key ? { signature: { algorithm: 'hmac-sha256' as const, value: sign(files, key) } } : {}),
  };
}

export interface Verification {
  altered: string[];
  missing: string[];
  extra: string[];
  signature: 'valid' | 'invalid' | 'absent' | 'not checked (no AUDIT_SIGNING_KEY)';
}

export function verifyManifest(outDir: string, key = process.env.AUDIT_SIGNING_KEY): Verification {
  const manifest = JSON.parse(readFileSync(join(outDir, MANIFEST_NAME), 'utf8')) as Manifest;
  const present = new Set(COVERED.flatMap((c) => walk(outDir, join(outDir, c))));
  const altered: string[] = [];
  const missing: string[] = [];
  for (const [name, hash] of Object.entries(manifest.files)) {
    if (!present.has(name)) missing.push(name);
    else if (sha256(join(outDir, name)) !== hash) altered.push(name);
  }
  const extra = [...present].filter((name) => !(name in manifest.files));
  let signature: Verification['signature'] = 'absent';
  if (manifest.signature) {
    if (!key) signature = 'not checked (no AUDIT_SIGNING_KEY)';
    else {
      const expected = Buffer.from(sign(manifest.files, key), 'hex');
      const given = Buffer.from(manifest.signature.value, 'hex');
      signature = expected.length === given.length && timingSafeEqual(expected, given) ? 'valid' : 'invalid';
    }
  }
  return { altered, missing, extra, signature };
}

export function verificationPassed(v: Verification): boolean {
  return v.altered.length === 0 && v.missing.length === 0 && v.extra.length === 0 && v.signature !== 'invalid';
}
