import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

// The runner's place in the layers (targets -> drivers -> scenarios -> audit -> reports -> cli): audit/ never
// reaches up into the report or the CLI, reports/ knows audit/ by its types only, and nothing outside suites/
// imports the test folder. Type imports count as imports: a cycle through types is still a cycle to read.

const root = fileURLToPath(new URL('../..', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : tsFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

interface Import {
  file: string;
  /** The imported file's path from the root, without extension. */
  to: string;
  typeOnly: boolean;
}

function importsOf(folder: string): Import[] {
  const files = folder.endsWith('.ts') ? [join(root, folder)] : tsFiles(join(root, folder));
  return files.flatMap((path) =>
    [...readFileSync(path, 'utf8').matchAll(/^\s*(?:import|export)\s+(type\s+)?[^'";]*?from\s+'(\.[^']+)'/gm)].map((m) => ({
      file: relative(root, path),
      to: relative(root, resolve(dirname(path), m[2] ?? '')),
      typeOnly: Boolean(m[1]),
    })),
  );
}

const inFolder = (folder: string) => (i: Import) => i.to.startsWith(`${folder}/`);

test('audit/ imports neither reports/ nor cli/ nor suites/', () => {
  const imports = importsOf('audit');
  expect(imports.length, 'the scan found the imports').toBeGreaterThan(10);
  expect(imports.filter((i) => ['reports', 'cli', 'suites'].some((f) => inFolder(f)(i)))).toEqual([]);
});

test('reports/ knows audit/ by its types only, and never the CLI', () => {
  const imports = importsOf('reports');
  expect(imports.filter((i) => inFolder('audit')(i) && !i.typeOnly)).toEqual([]);
  expect(imports.filter(inFolder('cli'))).toEqual([]);
});

test('nothing outside suites/ imports the test folder', () => {
  const outside = ['audit', 'cli', 'reports', 'drivers', 'scenarios', 'evidence', 'targets', 'portal', 'playwright.config.ts'].flatMap(importsOf);
  expect(outside.filter(inFolder('suites'))).toEqual([]);
});

// The whole order, as the README's layout shows it. A target's scripted login is typed on the driver interface,
// so drivers/ comes first; evidence/ and errors/ sit under every layer and are checked by evidence-layer.spec.ts.
const LAYERS = ['drivers', 'targets', 'scenarios', 'audit', 'reports', 'cli'] as const;

test('every layer imports only the layers before it in drivers -> targets -> scenarios -> audit -> reports -> cli', () => {
  const upward = LAYERS.flatMap((layer, index) =>
    importsOf(layer).filter((i) => LAYERS.slice(index + 1).some((later) => inFolder(later)(i))),
  );
  expect(importsOf('scenarios').length, 'the scan found the imports').toBeGreaterThan(20);
  expect(upward).toEqual([]);
});

// The settings are parsed once (audit/settings.ts) and reach the drivers and the report as arguments: the
// browser binaries, the run id and the grid in DriverSpec, DriverOptions and function parameters. Two places
// under drivers/ may touch the process's environment, each for one reason: the reboot hook's own variables
// (drivers/profile/reboot-hook*.ts: a bad hook configuration breaks only the runs that reboot), and
// drivers/child-env.ts, which hands the environment on whole to the browsers it starts and reads nothing from it.
const ENV_READERS = [/^drivers\/profile\/reboot-hook[\w-]*\.ts$/, /^drivers\/child-env\.ts$/];
const readsEnv = /process\s*\.\s*env|process\s*\[\s*['"]env['"]\s*\]|\benv\b[^;]*from\s+'(?:node:)?process'/;

test('no file under drivers/ or reports/ reads the environment, but the reboot hook and the child-process hand-on', () => {
  const files = ['drivers', 'reports'].flatMap((folder) => tsFiles(join(root, folder))).map((path) => relative(root, path));
  expect(files.length, 'the scan found the files').toBeGreaterThan(40);
  const readers = files.filter((file) => readsEnv.test(readFileSync(join(root, file), 'utf8')));
  expect(readers.filter((file) => !ENV_READERS.some((allowed) => allowed.test(file)))).toEqual([]);
  // The hand-on passes the environment whole; a variable read from it would be a setting behind the settings' back.
  expect(readFileSync(join(root, 'drivers/child-env.ts'), 'utf8')).not.toMatch(/process\.env(?:\.\w|\[)/);
});
