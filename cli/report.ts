// logout-audit report [OUT_DIR] (npm run report -- OUT_DIR): rebuilds the HTML report (and the evidence
// manifest) from the Allure results of an earlier run, e.g. after the history file was restored from a CI cache.
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildManifest, MANIFEST_NAME } from '../reports/manifest';
import { generateReport } from './allure-report';

const USAGE = `usage: logout-audit report [OUT_DIR]   (npm run report -- [OUT_DIR])
  Rebuilds OUT_DIR/report/index.html (default OUT_DIR: out) from OUT_DIR/allure-results, and its manifest.
  AUDIT_HISTORY   the Allure history file to extend (default: OUT_DIR/history/history.jsonl)`;

let positionals: string[];
try {
  const parsed = parseArgs({ options: { help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  if (parsed.values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  positionals = parsed.positionals;
} catch (error) {
  console.error(`logout-audit report: ${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}

const outDir = resolve(positionals[0] ?? 'out');
if (!existsSync(join(outDir, 'allure-results'))) {
  console.error(`logout-audit report: no allure-results in ${outDir}: give the output folder of an audit (logout-audit report out)`);
  process.exit(2);
}
const report = await generateReport(outDir, { ...process.env, AUDIT_OUT: outDir });
if (!report) process.exit(2);
writeFileSync(join(outDir, MANIFEST_NAME), `${JSON.stringify(buildManifest(outDir), null, 2)}\n`);
console.log(`HTML report: ${report}`);
