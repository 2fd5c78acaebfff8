// `npm run lint` (tsc --noEmit, then this): the recommended type-unaware rules of ESLint and typescript-eslint,
// and the project's layers as import rules, so a wrong import fails in the editor and in `npm test` alike.
//
// The layers (docs/extending.md, /work/shared/ARCHITECTURE.md): drivers -> targets -> scenarios -> audit ->
// reports -> cli, each importing only the layers before it; evidence/ and errors/ sit under every layer and
// import none; portal/ takes only types from the harness; nothing outside suites/ imports suites/; and only the
// composition root (drivers/index.ts, which creates drivers; drivers/audit-browsers.ts, which lists each
// browser's record; drivers/browser-preflight.ts, which asks a grid for its slots) imports an engine folder
// (drivers/playwright, webdriver, webkitgtk). Outside the engine folders no code compares a browser's name:
// what differs by browser is a fact of its record (drivers/<engine>/browsers/) or a named driver capability.
//
// The rules are ESLint's own no-restricted-imports patterns: they match the import's text, so each pattern is a
// regular expression over relative specifiers (`../audit/x`, `../../audit/x`, `./audit/x` from the root).
// A later block replaces an earlier block's options for the same rule, so every block lists all its patterns.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const ENGINE_FOLDERS = ['playwright', 'webdriver', 'webkitgtk'];
const COMPOSITION_ROOT = ['drivers/index.ts', 'drivers/audit-browsers.ts', 'drivers/browser-preflight.ts'];
const LAYERS = ['drivers', 'targets', 'scenarios', 'audit', 'reports', 'cli'];

/** A relative specifier that reaches the top-level folder `name` (or a drivers/ subfolder of that name). */
const reaching = (names) => `^\\.\\.?/(\\.\\./)*(drivers/)?(${names.join('|')})(/|$)`;

const noSuites = { regex: reaching(['suites']), message: 'suites/ holds tests only: product code never imports it.' };
const noEngine = {
  regex: reaching(ENGINE_FOLDERS),
  message: `an engine folder is imported only by the composition root (${COMPOSITION_ROOT.join(', ')}): ask drivers/index.ts for it.`,
};
/** What `layer` may not import: the layers after it (reports/ may take audit/'s types). */
function laterLayers(layer) {
  const later = LAYERS.slice(LAYERS.indexOf(layer) + 1);
  if (layer === 'reports') {
    return [
      { regex: reaching(['cli']), message: 'reports/ never imports the CLI (drivers -> targets -> scenarios -> audit -> reports -> cli).' },
      { regex: reaching(['audit']), allowTypeImports: true, message: "reports/ knows audit/ by its types only ('import type')." },
    ];
  }
  return later.length === 0 ? [] : [{ regex: reaching(later), message: `${layer}/ imports only the layers before it: drivers -> targets -> scenarios -> audit -> reports -> cli.` }];
}

/** `x.browser === 'chromium'`, `browser !== 'firefox'`, `switch (spec.browser)`: a decision by a browser's name. */
const BROWSER_NAME_SWITCHES = [
  "BinaryExpression[operator=/^[!=]==?$/][right.type='Literal'][left.property.name='browser']",
  "BinaryExpression[operator=/^[!=]==?$/][right.type='Literal'][left.name='browser']",
  "SwitchStatement[discriminant.property.name='browser']",
  "SwitchStatement[discriminant.name='browser']",
];
const BROWSER_NAME_MESSAGE =
  "no decision by a browser's name outside its backend's folder: put the fact in the browser's record (drivers/<engine>/browsers/) or ask the driver a named capability.";

/** `process.env.AUDIT_OUT`: a setting read past the one parser of settings. */
const auditEnvRead = {
  selector: "MemberExpression[object.type='MemberExpression'][object.object.name='process'][object.property.name='env'][property.name=/^AUDIT_/]",
  message: 'AUDIT_* is read by audit/settings.ts alone: take the parsed setting from auditSettings() or have it passed in.',
};

const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const product = ['**/*.ts', '**/*.mjs'];
const exceptRoot = { ignores: [...COMPOSITION_ROOT, 'drivers/{playwright,webdriver,webkitgtk}/**'] };

export default defineConfig(
  { ignores: ['node_modules/', 'out/', 'test-results/', 'playwright-report/', 'allure-results/', 'allure-report/', 'suites/real-apps/apps/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: product,
    rules: {
      // `_`-prefixed names are meant unused (a destructured part left out, a parameter an interface imposes).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
      // Playwright reads a fixture's first parameter to know what it depends on: `async ({}, use) =>` is its idiom.
      'no-empty-pattern': 'off',
    },
  },
  // The two .mjs files are Node scripts (tsc checks the names of .ts files, so no-undef runs on these only).
  { files: ['**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } } },
  // Product code outside the layers (the runner's config, bench/, grid/, scripts/, targets' examples) and every layer's
  // default: no suites/, no engine folder.
  { files: product, ...exceptRoot, rules: restrict(noSuites, noEngine) },
  ...LAYERS.map((layer) => ({ files: [`${layer}/**/*.ts`], ...exceptRoot, rules: restrict(noSuites, noEngine, ...laterLayers(layer)) })),
  // The composition root and the engine folders may import engine folders (webkitgtk shares webdriver's page).
  { files: [...COMPOSITION_ROOT, 'drivers/{playwright,webdriver,webkitgtk}/**/*.ts'], rules: restrict(noSuites, ...laterLayers('drivers')) },
  {
    files: ['evidence/**/*.ts', 'errors/**/*.ts'],
    rules: restrict({ regex: '^\\.\\./', message: 'evidence/ and errors/ are used by every layer, so they import nothing of the project outside their own folder.' }),
  },
  {
    files: ['portal/**/*.ts'],
    rules: restrict({ regex: '^\\.\\./', allowTypeImports: true, message: "portal/ runs without the harness: it takes only types from it ('import type')." }),
  },
  // AUDIT_* is read by audit/settings.ts alone, which parses it once and hands on what each part needs. A reboot
  // hook (scripts/hooks/) is the operator's own program: its input is the AUDIT_HOOK_* variables the harness sets.
  { files: product, ignores: ['audit/settings.ts', 'suites/**', 'scripts/hooks/**'], rules: { 'no-restricted-syntax': ['error', auditEnvRead] } },
  // A browser's name is compared only inside its backend's folder (its record and driver); elsewhere a switch on
  // it would be one more place to edit for a new browser. (This block replaces the one above where both apply.)
  {
    files: product,
    // bench/ times the harness against bare Playwright scripts, each written for one browser.
    ignores: ['drivers/{playwright,webdriver,webkitgtk}/**', 'suites/**', 'bench/**', 'audit/settings.ts', 'scripts/hooks/**'],
    rules: { 'no-restricted-syntax': ['error', auditEnvRead, ...BROWSER_NAME_SWITCHES.map((selector) => ({ selector, message: BROWSER_NAME_MESSAGE }))] },
  },
  // Tests may reach any file, engine folders included: the driver suites test the engines themselves.
  { files: ['suites/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
);
