import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

// evidence/ (capture, redaction) and errors/ are used by every layer, so they may use none: an import from
// drivers/ or scenarios/ there is how the one cycle of this project came about (drivers -> redact -> drivers).

const root = fileURLToPath(new URL('../..', import.meta.url));

function importsOf(folder: string): { file: string; from: string }[] {
  return readdirSync(join(root, folder))
    .filter((name) => name.endsWith('.ts'))
    .flatMap((name) => {
      const text = readFileSync(join(root, folder, name), 'utf8');
      return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => ({ file: `${folder}/${name}`, from: m[1] ?? '' }));
    });
}

for (const folder of ['evidence', 'errors']) {
  test(`${folder}/ imports nothing of the project outside itself`, () => {
    const imports = importsOf(folder);
    expect(imports.length, 'the scan found the imports').toBeGreaterThan(0);
    const outside = imports.filter(({ from }) => from.startsWith('.') && !from.startsWith('./'));
    expect(outside).toEqual([]);
  });
}
