import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { mtimeMs } from './file-times';

// Firefox keeps each origin's localStorage in storage/default/<origin>/ls/data.sqlite (beside the origin's other
// storage, IndexedDB and Cache API, whose writes say nothing about localStorage and so are not looked at).

/** Whether Firefox wrote any origin's localStorage after `sinceMs`. */
export function firefoxWebStorageWrittenSince(profileDir: string, sinceMs: number): boolean {
  const root = join(profileDir, 'storage', 'default');
  let origins: string[];
  try {
    origins = readdirSync(root);
  } catch {
    return false; // nothing stored yet
  }
  return origins.some((origin) => mtimeMs(join(root, origin, 'ls', 'data.sqlite')) > sinceMs);
}
