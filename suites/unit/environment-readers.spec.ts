import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { ALLURE_HISTORY_HANDOFF } from '../../cli/allure-report';

// What the environment may reach. The import layers are lint rules (eslint.config.mjs, suites/unit/layers.spec.ts).

const root = fileURLToPath(new URL('../..', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : tsFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

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

// The Allure CLI loads allurerc.mjs in a process of its own; the history file reaches it parsed, from
// cli/allure-report.ts, so AUDIT_HISTORY keeps one reader (audit/settings.ts) and one validation.
test('allurerc.mjs reads no AUDIT_* variable: the CLI hands it the history file it parsed', () => {
  const config = readFileSync(join(root, 'allurerc.mjs'), 'utf8');
  expect(config).toContain(`process.env.${ALLURE_HISTORY_HANDOFF}`);
  expect(config).not.toMatch(/process\.env(?:\.|\[\s*['"`])AUDIT_/);
});
