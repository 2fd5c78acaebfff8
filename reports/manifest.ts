import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { AuditError } from '../errors/audit-error';

// out/evidence-manifest.json: the SHA-256 of every file in the output folder at the end of a run (Allure
// results and attachments, Playwright's test-results, summary.json, the HTML report, the history), so
// whoever receives the folder can show nothing was altered, added or removed since the run: a file that is
// in the folder but not in the manifest is reported as extra. With AUDIT_SIGNING_KEY set, an HMAC-SHA256
// over the manifest binds it to the key holder: without the key nobody can rewrite the hashes to match
// edited evidence, and whoever verifies with the key refuses a manifest whose signature was removed.

export const MANIFEST_NAME = 'evidence-manifest.json';

export interface Manifest {
  version: 1;
  createdAt: string;
  algorithm: 'sha256';
  files: Record<string, string>;
  signature?: { algorithm: 'hmac-sha256'; value: string };
}

/** A manifest that cannot be read as one: it was edited or is not a manifest (verify exits 1). */
export class ManifestError extends AuditError {
  readonly code = 'MANIFEST_INVALID';
}

/** Every file under root, as root-relative paths with forward slashes, sorted; the manifest itself left out. */
function filesIn(root: string, leaveOut: readonly string[] = []): string[] {
  const walk = (path: string): string[] => {
    if (statSync(path).isFile()) return [relative(root, path).split(sep).join('/')];
    return readdirSync(path).sort().flatMap((entry) => walk(join(path, entry)));
  };
  if (!existsSync(root)) return [];
  return walk(root).filter((name) => name !== MANIFEST_NAME && !leaveOut.includes(name));
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

/**
 * The manifest of every file under outDir. `leaveOut` names root-relative files that are not evidence and
 * are gone once the run ends (the audit's lock on its output folder).
 */
export function buildManifest(outDir: string, key: string | undefined, leaveOut: readonly string[] = []): Manifest {
  const files: Record<string, string> = {};
  for (const name of filesIn(outDir, leaveOut)) files[name] = sha256(join(outDir, name));
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
  /**
   * valid / invalid: checked with the key. missing: a key was given and the manifest carries no signature
   * (never signed, or the signature was removed): refused, since a removed signature would otherwise pass.
   * absent: no key and no signature. not checked: signed, but no key to check it with.
   */
  signature: 'valid' | 'invalid' | 'missing' | 'absent' | 'not checked (no AUDIT_SIGNING_KEY)';
}

function readManifest(outDir: string): Manifest {
  let manifest: Partial<Manifest>;
  try {
    manifest = JSON.parse(readFileSync(join(outDir, MANIFEST_NAME), 'utf8')) as Partial<Manifest>;
  } catch (error) {
    throw new ManifestError(`${MANIFEST_NAME} is not valid JSON (${(error as Error).message}): it was edited or damaged`);
  }
  const files = manifest.files;
  if (typeof files !== 'object' || files === null || Object.values(files).some((hash) => typeof hash !== 'string')) {
    throw new ManifestError(`${MANIFEST_NAME} has no table of file hashes: it was edited or is not an evidence manifest`);
  }
  if (manifest.signature !== undefined && typeof manifest.signature?.value !== 'string') {
    throw new ManifestError(`${MANIFEST_NAME} has a signature without a value: it was edited`);
  }
  return manifest as Manifest;
}

function checkSignature(manifest: Manifest, key: string | undefined): Verification['signature'] {
  if (!manifest.signature) return key ? 'missing' : 'absent';
  if (!key) return 'not checked (no AUDIT_SIGNING_KEY)';
  const expected = Buffer.from(sign(manifest.files, key), 'hex');
  const given = Buffer.from(manifest.signature.value, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given) ? 'valid' : 'invalid';
}

export function verifyManifest(outDir: string, key: string | undefined): Verification {
  const manifest = readManifest(outDir);
  const present = new Set(filesIn(outDir));
  const altered: string[] = [];
  const missing: string[] = [];
  for (const [name, hash] of Object.entries(manifest.files)) {
    if (!present.has(name)) missing.push(name);
    else if (sha256(join(outDir, name)) !== hash) altered.push(name);
  }
  const extra = [...present].filter((name) => !Object.hasOwn(manifest.files, name));
  return { altered, missing, extra, signature: checkSignature(manifest, key || undefined) };
}

export function verificationPassed(v: Verification): boolean {
  return v.altered.length === 0 && v.missing.length === 0 && v.extra.length === 0 && v.signature !== 'invalid' && v.signature !== 'missing';
}

/**
 * What stops a folder's evidence from being trusted, one line each (empty: it matches its manifest, and its
 * signature where a key was given). `mayDiffer` names files that are inputs rather than evidence and may have
 * been replaced since the run (the Allure history a CI cache restores before a rebuild). A signed manifest
 * checked without the key is a problem too: whatever is built on it could not be told from a forgery.
 */
export function manifestProblems(outDir: string, key: string | undefined, mayDiffer: readonly string[] = []): string[] {
  let v: Verification;
  try {
    v = verifyManifest(outDir, key);
  } catch (error) {
    if (error instanceof ManifestError) return [error.message];
    throw error;
  }
  const counts = (name: string) => !mayDiffer.includes(name);
  return [
    ...v.altered.filter(counts).map((f) => `altered ${f}`),
    ...v.missing.filter(counts).map((f) => `missing ${f}`),
    ...v.extra.filter(counts).map((f) => `extra ${f}`),
    ...(v.signature === 'invalid' || v.signature === 'missing' ? [`signature ${v.signature}`] : []),
    ...(v.signature === 'not checked (no AUDIT_SIGNING_KEY)' ? ['signed, and no AUDIT_SIGNING_KEY to check the signature with'] : []),
  ];
}
