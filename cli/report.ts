// npm run report [-- <out dir>]: rebuilds the HTML report (and the evidence manifest) from the Allure results
// of an earlier run, e.g. after the history file was restored from a CI cache.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildManifest, MANIFEST_NAME } from '../reports/manifest';
import { generateReport } from './allure-report';

const outDir = resolve(process.argv[2] ?? 'out');
const report = await generateReport(outDir, { ...process.env, AUDIT_OUT: outDir });
if (!report) process.exit(2);
writeFileSync(join(outDir, MANIFEST_NAME), `${JSON.stringify(buildManifest(outDir), null, 2)}\n`);
console.log(`HTML report: ${report}`);
