import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decompressBlock } from 'lz4js';
import type { AuditCookie } from '../driver';

// Firefox keeps the session it restores (windows, tabs and the session cookies) in a mozLz4 file: at a clean
// quit in sessionstore.jsonlz4, while running in sessionstore-backups/recovery.jsonlz4 (about every 15 s).
// After a crash or a power cut the next start restores recovery.jsonlz4 and reloads the selected tab at once,
// sending the revived cookies before any harness step can look (measured: the server has answered, and
// replaced them, by the time the driver can read the jar). Reading the file the browser is about to start
// from is how the harness sees what it brought back.

const MAGIC = 'mozLz40\0';

/** The JSON inside a mozLz4 file: 8 bytes magic, 4 bytes little-endian decompressed size, one LZ4 block. */
export function readMozLz4(file: string): unknown {
  const raw = readFileSync(file);
  if (raw.subarray(0, 8).toString('latin1') !== MAGIC) throw new Error(`${file} is not a mozLz4 file`);
  const size = raw.readUInt32LE(8);
  const out = new Uint8Array(size);
  const end = decompressBlock(raw, out, 12, raw.length - 12, 0);
  return JSON.parse(Buffer.from(out.subarray(0, end)).toString('utf8'));
}

interface SessionCookie {
  host: string;
  name: string;
  value: string;
  path?: string;
  secure?: boolean;
  httponly?: boolean;
  expiry?: number;
  sameSite?: number;
}

// nsICookie.sameSite: 0 = None, 1 = Lax, 2 = Strict (Firefox's own numbering, also used in the session file).
const SAME_SITE: Record<number, AuditCookie['sameSite']> = { 0: 'None', 1: 'Lax', 2: 'Strict' };

/**
 * The cookies the profile's next start will restore from its session file, or [] when it has none (a fresh
 * profile, or a preset that restores nothing). Which file counts: a clean quit leaves sessionstore.jsonlz4;
 * without it (a crash, a power cut) Firefox falls back to the recovery file.
 */
export function sessionFileCookies(profileDir: string): AuditCookie[] {
  for (const name of ['sessionstore.jsonlz4', 'sessionstore-backups/recovery.jsonlz4']) {
    let session: unknown;
    try {
      session = readMozLz4(join(profileDir, name));
    } catch {
      continue;
    }
    const cookies = (session as { cookies?: SessionCookie[] }).cookies ?? [];
    return cookies.map((c) => ({
      name: c.name,
      value: c.value,
      domain: c.host,
      path: c.path ?? '/',
      expires: c.expiry ?? -1,
      httpOnly: Boolean(c.httponly),
      secure: Boolean(c.secure),
      sameSite: c.sameSite === undefined ? 'unset' : (SAME_SITE[c.sameSite] ?? 'unset'),
    }));
  }
  return [];
}
