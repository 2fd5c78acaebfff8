// npm run verify -- <out dir>: checks a run's evidence against its manifest. Exit 0 intact, 1 altered, missing
// or extra files or a bad signature, 2 no manifest.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MANIFEST_NAME, verificationPassed, verifyManifest } from '../reports/manifest';

const outDir = resolve(process.argv[2] ?? 'out');
if (!existsSync(join(outDir, MANIFEST_NAME))) {
  console.error(`verify: no ${MANIFEST_NAME} in ${outDir}: give the output folder of an audit (npm run verify -- out)`);
  process.exit(2);
}
const result = verifyManifest(outDir);
for (const name of result.altered) console.log(`ALTERED  ${name}`);
for (const name of result.missing) console.log(`MISSING  ${name}`);
for (const name of result.extra) console.log(`EXTRA    ${name}`);
console.log(`signature: ${result.signature}`);
const ok = verificationPassed(result);
console.log(ok ? `verify: ${outDir} is intact` : `verify: ${outDir} does NOT match its manifest`);
process.exit(ok ? 0 : 1);
