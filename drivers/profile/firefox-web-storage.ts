import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writtenSinceHolding } from './file-times';

// Firefox keeps each origin's localStorage in storage/default/<origin>/ls/data.sqlite (beside the origin's other
// storage, IndexedDB and Cache API, whose writes say nothing about localStorage and so are not looked at).

/** Whether Firefox wrote any origin's localStorage after `sinceMs` (with `value` in it, when given). */
export function firefoxWebStorageWrittenSince(profileDir: string, sinceMs: number, value?: string): boolean {
  const root = join(profileDir, 'storage', 'default');
  let origins: string[];
  try {
    origins = readdirSync(root);
  } catch {
    return false; // nothing stored yet
  }
  // The database, and its write-ahead log or journal, where SQLite keeps a write before it reaches the database.
  const files = origins.flatMap((origin) => ['data.sqlite', 'data.sqlite-wal', 'data.sqlite-journal'].map((name) => join(root, origin, 'ls', name)));
  return writtenSinceHolding(files, sinceMs, value);
}
