// Allure 3 report configuration (used by `npm run audit` / `npm run report`).
// History: each generate appends the run to historyPath, so nightly runs show trends when CI keeps that
// file between runs (AUDIT_HISTORY points it at a cached location; see docs/nightly.md). The CLI parses that
// setting (audit/settings.ts, the one place AUDIT_* is read) and hands the file over in
// LOGOUT_AUDIT_ALLURE_HISTORY (cli/allure-report.ts), with the output folder as --output.
import { readFileSync } from 'node:fs';
import { defineConfig } from 'allure';

// Finding codes -> report categories, shared with allure-playwright (reports/categories.ts).
const { groups, undecided } = JSON.parse(readFileSync(new URL('./reports/categories.json', import.meta.url), 'utf8'));
const categories = [
  ...groups.map((g) => ({ name: g.name, matchedStatuses: ['failed'], messageRegex: `[\\s\\S]*(${g.codes.join('|')})[\\s\\S]*` })),
  { name: undecided, matchedStatuses: ['broken'] },
];

export default defineConfig({
  name: 'logout-audit',
  // The defaults, for `npx allure generate` run by hand in the checkout.
  output: 'out/report',
  historyPath: process.env.LOGOUT_AUDIT_ALLURE_HISTORY ?? 'out/history/history.jsonl',
  categories,
  plugins: {
    awesome: {
      options: {
        reportName: 'logout-audit',
        // One self-contained HTML file: it opens from disk by double-click and can be handed to an auditor.
        singleFile: true,
        reportLanguage: 'en',
        groupBy: ['epic', 'feature', 'story'],
      },
    },
  },
});
