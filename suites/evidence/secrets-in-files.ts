import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// Greps a whole output folder for secrets, the way someone handed the folder would find them: raw bytes,
// URL-encoded, JSON-escaped, and inside base64 (the single-file HTML report embeds every attachment that way).

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The file's text plus the text of every base64 run in it long enough to hold a secret. */
function readable(path: string): string {
  const text = readFileSync(path).toString('latin1');
  const decoded = (text.match(/[A-Za-z0-9+/]{24,}={0,2}/g) ?? []).map((run) => Buffer.from(run, 'base64').toString('latin1'));
  return [text, ...decoded].join('\n');
}

function spellings(secret: string): string[] {
  const utf8 = Buffer.from(secret, 'utf8').toString('latin1'); // the files are read as latin1
  return [...new Set([utf8, Buffer.from(encodeURIComponent(secret)).toString('latin1'), Buffer.from(JSON.stringify(secret).slice(1, -1)).toString('latin1')])];
}

/** "<file>: <first characters of the secret>…" for every secret found in a file under dir. */
export function secretsInFiles(dir: string, secrets: Iterable<string>): string[] {
  const wanted = [...secrets].map((secret) => ({ secret, forms: spellings(secret) }));
  const found: string[] = [];
  for (const file of filesUnder(dir)) {
    const text = readable(file);
    for (const { secret, forms } of wanted) {
      if (forms.some((form) => text.includes(form))) found.push(`${relative(dir, file)}: ${secret.slice(0, 4)}…`);
    }
  }
  return found;
}

export function fileCount(dir: string): number {
  return filesUnder(dir).length;
}

/** Files under dir whose text, or a base64 run in it, matches `pattern` (a one-time code as a word of its own). */
export function filesMatching(dir: string, pattern: RegExp): string[] {
  return filesUnder(dir)
    .filter((file) => pattern.test(readable(file)))
    .map((file) => relative(dir, file));
}
