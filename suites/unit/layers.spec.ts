import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { ESLint } from 'eslint';

// The layers are lint rules (eslint.config.mjs, no-restricted-imports): drivers -> targets -> scenarios -> audit
// -> reports -> cli, evidence/ and errors/ under all, portal/ on its own, suites/ imported by nothing, and the
// engine folders imported only by the composition root. `npm run lint` applies them to the code; these tests
// apply the same configuration to the code and to imports written here, so a rule weakened or a pattern that
// stops matching fails here too, not only a wrong import.

const root = fileURLToPath(new URL('../..', import.meta.url));
const LAYER_RULE = 'no-restricted-imports';
const eslint = new ESLint({ cwd: root, ruleFilter: ({ ruleId }) => ruleId === LAYER_RULE });

/** What `linter` says of `source` linted as if it were the file `file` (from the root). */
const messagesOf = (linter: ESLint) => async (file: string, source: string): Promise<string[]> => {
  const [result] = await linter.lintText(`${source}\nexport {};\n`, { filePath: `${root}${file}` });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
};
const layerErrors = messagesOf(eslint);

test('no product file imports an engine folder but the composition root, nor breaks a layer', async () => {
  test.setTimeout(120_000); // parsing every product file on a loaded 2-core machine
  const results = await eslint.lintFiles(['audit', 'cli', 'reports', 'scenarios', 'drivers', 'targets', 'evidence', 'errors', 'portal', 'bench', 'grid', 'scripts', 'playwright.config.ts']);
  expect(results.length, 'the product files were linted').toBeGreaterThan(200);
  const broken = results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(root.length)}:${m.line} ${m.message}`));
  expect(broken).toEqual([]);
});

const ENGINE_IMPORTS: [file: string, specifier: string][] = [
  ['cli/audit.ts', '../drivers/playwright/isolated-contexts'],
  ['grid/start-grid.ts', '../drivers/webdriver/grid-node'],
  ['audit/run-scenario.ts', '../drivers/webkitgtk/webkitgtk'],
  ['scenarios/steps/login.ts', '../../drivers/playwright/playwright-driver'],
  ['drivers/personas.ts', './playwright/playwright-chromium'],
  ['drivers/profile/lifecycle.ts', '../webdriver/selenium'],
  ['playwright.config.ts', './drivers/webdriver/selenium'],
];

test('an engine folder imported outside the composition root fails lint', async () => {
  for (const [file, specifier] of ENGINE_IMPORTS) {
    expect(await layerErrors(file, `import { x } from '${specifier}';`), `${file} -> ${specifier}`).toEqual([
      expect.stringContaining('only by the composition root'),
    ]);
    // A type, a re-export: still an import of the engine.
    expect(await layerErrors(file, `export type { X } from '${specifier}';`), `${file} -> ${specifier}`).toHaveLength(1);
  }
});

test('the composition root and the engine folders themselves may import engine folders', async () => {
  expect(await layerErrors('drivers/index.ts', "import { x } from './playwright/playwright-chromium';")).toEqual([]);
  expect(await layerErrors('drivers/audit-browsers.ts', "import { x } from './webdriver/browsers/selenium-chromium';")).toEqual([]);
  expect(await layerErrors('drivers/browser-preflight.ts', "import { x } from './webdriver/grid-node';")).toEqual([]);
  expect(await layerErrors('drivers/webkitgtk/webkitgtk.ts', "import { x } from '../webdriver/webdriver-page';")).toEqual([]);
  expect(await layerErrors('cli/audit.ts', "import { x } from '../drivers';")).toEqual([]);
  // Tests reach the engines they test.
  expect(await layerErrors('suites/drivers/firefox.spec.ts', "import { x } from '../../drivers/playwright/playwright-firefox';")).toEqual([]);
});

const BROWSER_NAME_RULE = 'no-restricted-syntax';
const browserNameErrors = messagesOf(new ESLint({ cwd: root, ruleFilter: ({ ruleId }) => ruleId === BROWSER_NAME_RULE }));

test("a decision by a browser's name outside its backend's folder fails lint", async () => {
  const switches = [
    "export const f = (d: { browser: string }) => d.browser === 'chromium';",
    "export const f = (browser: string) => browser !== 'firefox' ? 1 : 2;",
    "export function f(spec: { browser: string }) { switch (spec.browser) { default: return 1; } }",
  ];
  for (const file of ['scenarios/steps/browser.ts', 'drivers/index.ts', 'drivers/personas.ts', 'audit/run-scenario.ts', 'reports/summary.ts', 'cli/audit.ts', 'playwright.config.ts']) {
    for (const source of switches) expect(await browserNameErrors(file, source), `${file}: ${source}`).toEqual([expect.stringContaining("browser's record")]);
  }
  // Its record and its driver, in the backend's folder, know their browser by name; a comparison of another field is no switch.
  for (const file of ['drivers/playwright/browsers/chromium.ts', 'drivers/webdriver/selenium-session.ts', 'drivers/webkitgtk/webkitgtk.ts']) {
    expect(await browserNameErrors(file, switches[0]!), file).toEqual([]);
  }
  expect(await browserNameErrors('audit/plan.ts', "export const f = (d: { profile: string }) => d.profile === 'restore-session';")).toEqual([]);
});

test('AUDIT_* read anywhere but audit/settings.ts fails lint', async () => {
  const read = 'export const key = process.env.AUDIT_REDACTION_KEY;';
  for (const file of ['evidence/redact.ts', 'drivers/webdriver/grid-node.ts', 'scenarios/steps/login.ts', 'cli/report.ts']) {
    expect(await browserNameErrors(file, read), file).toEqual([expect.stringContaining('AUDIT_* is read by audit/settings.ts alone')]);
  }
  expect(await browserNameErrors('audit/settings.ts', read)).toEqual([]);
});

test('each layer imports only the layers before it', async () => {
  const upward: [file: string, specifier: string][] = [
    ['drivers/index.ts', '../targets/target'],
    ['drivers/profile/lifecycle.ts', '../../scenarios/scenario'],
    ['targets/target.ts', '../scenarios/scenario'],
    ['scenarios/steps/login.ts', '../../audit/settings'],
    ['audit/plan.ts', '../reports/summary'],
    ['audit/plan.ts', '../cli/audit'],
    ['reports/summary.ts', '../cli/report'],
  ];
  for (const [file, specifier] of upward) {
    expect(await layerErrors(file, `import { x } from '${specifier}';`), `${file} -> ${specifier}`).toHaveLength(1);
  }
  expect(await layerErrors('cli/report.ts', "import { x } from '../reports/summary';")).toEqual([]);
  expect(await layerErrors('audit/plan.ts', "import { x } from '../scenarios/catalogue';")).toEqual([]);
});

test('reports/ takes audit/ by its types only; portal/ takes only types from the harness', async () => {
  expect(await layerErrors('reports/summary.ts', "import { x } from '../audit/settings';")).toHaveLength(1);
  expect(await layerErrors('reports/summary.ts', "import type { X } from '../audit/settings';")).toEqual([]);
  expect(await layerErrors('portal/defects.ts', "import { x } from '../scenarios/verdict';")).toHaveLength(1);
  expect(await layerErrors('portal/defects.ts', "import type { X } from '../scenarios/verdict';")).toEqual([]);
  expect(await layerErrors('portal/defects.ts', "import { x } from './users';")).toEqual([]);
});

test('evidence/ and errors/ import nothing of the project outside their folder', async () => {
  for (const file of ['evidence/redact.ts', 'errors/audit-error.ts']) {
    expect(await layerErrors(file, "import { x } from '../drivers/driver';"), file).toHaveLength(1);
    expect(await layerErrors(file, "import type { X } from '../errors/error-codes';"), file).toHaveLength(1);
    expect(await layerErrors(file, "import { x } from './secret-spellings';"), file).toEqual([]);
    expect(await layerErrors(file, "import { createHash } from 'node:crypto';"), file).toEqual([]);
  }
});

test('nothing outside suites/ imports the test folder', async () => {
  for (const [file, specifier] of [
    ['playwright.config.ts', './suites/unit/engine/model'],
    ['audit/fixtures.ts', '../suites/portal/portal-fixtures'],
    ['drivers/index.ts', '../suites/unit/engine/model'],
    ['bench/run.ts', '../suites/cli/running-audit'],
  ] as const) {
    expect(await layerErrors(file, `import { x } from '${specifier}';`), `${file} -> ${specifier}`).toEqual([expect.stringContaining('suites/ holds tests only')]);
  }
});
