// npm run verify -- <out dir>: checks a run's evidence against its manifest. Exit 0 intact, 1 altered, missing
// or extra files, a bad signature, or no signature while AUDIT_SIGNING_KEY is set; 2 no manifest, or a signed
// manifest and no AUDIT_SIGNING_KEY to check it with (the files match, but whoever edited them could have
// rewritten the hashes too: only the signature tells, so "intact" is not said).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MANIFEST_NAME, ManifestError, verificationPassed, verifyManifest, type Verification } from '../reports/manifest';
import { settingsOrExit } from './settings-or-exit';

const SIGNATURE_LINES: Record<Verification['signature'], string> = {
  valid: 'valid (made with the AUDIT_SIGNING_KEY given)',
  invalid: 'INVALID: the manifest was changed after signing, or signed with another key',
  missing: 'MISSING: AUDIT_SIGNING_KEY is set but the manifest is not signed (the signature was removed, or the run was not signed)',
  absent: 'absent (the run was not signed; set AUDIT_SIGNING_KEY to require a signature)',
  'not checked (no AUDIT_SIGNING_KEY)': 'not checked: the manifest is signed; set AUDIT_SIGNING_KEY to the run\'s key to check it',
};

const outDir = resolve(process.argv[2] ?? 'out');
if (!existsSync(join(outDir, MANIFEST_NAME))) {
  console.error(`verify: no ${MANIFEST_NAME} in ${outDir}: give the output folder of an audit (npm run verify -- out)`);
  process.exit(2);
}
const settings = settingsOrExit('verify');
let result: Verification;
try {
  result = verifyManifest(outDir, settings.signingKey?.reveal());
} catch (error) {
  if (!(error instanceof ManifestError)) throw error;
  console.log(`verify: ${error.message}`);
  console.log(`verify: ${outDir} does NOT match its manifest`);
  process.exit(1);
}
for (const name of result.altered) console.log(`ALTERED  ${name}`);
for (const name of result.missing) console.log(`MISSING  ${name}`);
for (const name of result.extra) console.log(`EXTRA    ${name} (in the folder, not in the manifest)`);
console.log(`signature: ${SIGNATURE_LINES[result.signature]}`);
const ok = verificationPassed(result);
if (ok && result.signature === 'not checked (no AUDIT_SIGNING_KEY)') {
  console.log(`verify: ${outDir} matches its manifest, but its signature could not be checked: set AUDIT_SIGNING_KEY to the run's key`);
  process.exit(2);
}
console.log(ok ? `verify: ${outDir} is intact` : `verify: ${outDir} does NOT match its manifest`);
process.exit(ok ? 0 : 1);
