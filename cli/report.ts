// logout-audit report [OUT_DIR] (npm run report -- OUT_DIR): rebuilds the HTML report (and the evidence
// manifest) from the Allure results of an earlier run, e.g. after the history file was restored from a CI cache.
// logout-audit report OUT_1 OUT_2 ... [--out DIR]: merges the output folders of several runs or shards into one
// report, one summary.json, one junit.xml and one manifest, and exits with the audit's code over all of them.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { buildManifest, MANIFEST_NAME, manifestProblems } from '../reports/manifest';
import { mergeJunit } from '../reports/merge-junit';
import { copyAllureResults, mergeSummaries, MergeRefused, readShard, type Shard } from '../reports/merge-runs';
import { exitCodeFor, writeSummary, type Summary } from '../reports/summary';
import { renderSummary } from '../reports/summary-table';
import { generateReport } from './allure-report';
import { settingsOrExit } from './settings-or-exit';
import { isAuditError } from '../errors/audit-error';
import { labelChanges } from '../reports/allure-changes';
import { applyNightly, keepBaseline, NIGHTLY_USAGE, nightlyCliOptions, notifyChanges, prepareNightly, type Nightly, type NightlyArgs } from './nightly';

const USAGE = `usage: logout-audit report [OUT_DIR]                    (npm run report -- [OUT_DIR])
       logout-audit report OUT_1 OUT_2 ... [--out DIR]
  One folder: rebuilds OUT_DIR/report/index.html (default OUT_DIR: out) from OUT_DIR/allure-results, and its manifest,
  only when the folder still matches its manifest (and its signature, checked with AUDIT_SIGNING_KEY); a signed
  folder needs the key. Only the Allure history may have changed since the run.
  Several folders (the shards of --shard I/N, or runs in other browsers): each must still match its own
  evidence-manifest.json, and shards must be every share of one audit, each once (else nothing is merged:
  a missing, doubled or foreign shard is refused); their results go into one report, summary.json, junit.xml
  and manifest in DIR (default: out), and the exit code is the audit's over all of them:
  0 all passed, 1 any finding, 2 anything undecided, or a folder refused.
  --out DIR       where the merged output goes (not one of the folders merged)
  A merge is a whole audit's verdict, so it also says what changed since the previous run of the plan and
  gates and notifies as \`audit\` does (docs/nightly.md); a merge has no target files, so give --accepted FILE:
${NIGHTLY_USAGE}
  AUDIT_HISTORY   the Allure history file to extend (default: <folder>/history/history.jsonl)
  AUDIT_SIGNING_KEY  checks each folder's signature, and signs the merged manifest`;

function fail(message: string): never {
  console.error(`logout-audit report: ${message}`);
  process.exit(2);
}

function parseCli(): { folders: string[]; out: string | undefined; nightlyArgs: NightlyArgs; nightlyGiven: boolean } {
  try {
    const { values, positionals } = parseArgs({ options: { help: { type: 'boolean', short: 'h' }, out: { type: 'string' }, ...nightlyCliOptions }, allowPositionals: true });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    const { help: _help, out, ...nightlyArgs } = values;
    const nightlyGiven = Boolean(nightlyArgs.baseline || nightlyArgs.accepted || nightlyArgs.notify || nightlyArgs['notify-always'] || nightlyArgs['fail-on'] !== 'any' || nightlyArgs['notify-format'] !== 'json');
    return { folders: positionals, out, nightlyArgs, nightlyGiven };
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
}

/**
 * A rebuild writes a new manifest (signed, with the key): done over edited results it would turn a forgery into
 * evidence that verifies. So the folder must match the manifest it has, as a merge's folders must, before
 * anything is written. Only the Allure history may differ: it is an input that CI restores from its cache.
 */
function refuseUntrusted(outDir: string): void {
  const key = signingKey();
  if (!existsSync(join(outDir, MANIFEST_NAME))) {
    if (key) fail(`nothing rebuilt: ${outDir} has no ${MANIFEST_NAME} to check its results against, so they are not signed anew`);
    return; // an unsigned folder without a manifest (an interrupted run) may be rebuilt: nothing is vouched for
  }
  const history = relative(outDir, resolve(settings.historyFile ?? join(outDir, 'history', 'history.jsonl'))).split(sep).join('/');
  const problems = manifestProblems(outDir, key, [history]);
  if (problems.length > 0) {
    fail(`nothing rebuilt: ${outDir} does not match its manifest, so its results cannot be trusted: ${problems.join('; ')} (logout-audit verify ${outDir} lists it all)`);
  }
}

async function rebuild(outDir: string): Promise<number> {
  if (!existsSync(join(outDir, 'allure-results'))) fail(`no allure-results in ${outDir}: give the output folder of an audit (logout-audit report out)`);
  refuseUntrusted(outDir);
  const report = await generateReport(outDir, { ...process.env, AUDIT_OUT: outDir });
  if (!report) return 2;
  writeFileSync(join(outDir, MANIFEST_NAME), `${JSON.stringify(buildManifest(outDir, signingKey()), null, 2)}\n`);
  console.log(`HTML report: ${report}`);
  return 0;
}

/** Each shard's own manifest and summary, kept under shards/ so the merged folder says where each result came from. */
function keepProvenance(shards: Shard[], outDir: string): void {
  shards.forEach(({ dir }, i) => {
    const to = join(outDir, 'shards', `${i + 1}-${basename(dir)}`);
    mkdirSync(to, { recursive: true });
    for (const name of [MANIFEST_NAME, 'summary.json']) copyFileSync(join(dir, name), join(to, name));
  });
}

async function merge(folders: string[], outDir: string): Promise<number> {
  if (folders.length === 0) fail('give the output folders to merge: logout-audit report out-1 out-2 --out merged');
  if (folders.includes(outDir)) fail(`--out ${outDir} is one of the folders to merge: give another folder`);
  let shards: Shard[];
  let summary: Summary;
  let junit: string | undefined;
  let nightly: Nightly;
  let gate: ReturnType<typeof applyNightly>;
  try {
    nightly = prepareNightly(nightlyArgs, [], settings.historyFile ?? join(outDir, 'history', 'history.jsonl'), settings.notifyUrl?.reveal());
    shards = folders.map((dir) => readShard(dir, signingKey())); // every folder checked before anything is written
    // What changed since the previous run of this plan: the merge is the nightly's verdict over the shards.
    gate = applyNightly(mergeSummaries(shards), nightly);
    summary = gate.summary;
    // A shard's junit.xml that cannot be read is refused here too, before anything is written.
    const junits = shards.map(({ dir }) => join(dir, 'junit.xml'));
    junit = junits.every((f) => existsSync(f)) ? mergeJunit(junits.map((f) => [f, readFileSync(f, 'utf8')])) : undefined;
  } catch (error) {
    if (error instanceof MergeRefused || isAuditError(error, 'INPUT_INVALID')) fail(`nothing merged: ${error.message}`);
    throw error;
  }
  for (const stale of ['allure-results', 'report', 'test-results', 'shards', 'summary.json', 'junit.xml', MANIFEST_NAME]) rmSync(join(outDir, stale), { recursive: true, force: true });
  try {
    for (const { dir } of shards) copyAllureResults(dir, outDir);
  } catch (error) {
    if (error instanceof MergeRefused) fail(`nothing merged: ${error.message}`);
    throw error;
  }
  writeSummary(outDir, summary);
  if (junit !== undefined) writeFileSync(join(outDir, 'junit.xml'), junit);
  else console.error('logout-audit report: no junit.xml written: not every folder has one (audits before this version wrote none)');
  keepProvenance(shards, outDir);
  labelChanges(join(outDir, 'allure-results'), summary);
  const report = await generateReport(outDir, { ...process.env, AUDIT_OUT: outDir });
  const exitCode = report ? exitCodeFor(summary.results, summary.results, gate.failsGate) : 2;
  keepBaseline(summary, nightly, gate.previous); // before the manifest, which covers a history kept in --out
  writeFileSync(join(outDir, MANIFEST_NAME), `${JSON.stringify(buildManifest(outDir, signingKey()), null, 2)}\n`);
  console.log(renderSummary(summary, report));
  console.log(`Merged ${shards.length} folders into ${outDir}; evidence manifest: ${join(outDir, MANIFEST_NAME)}`);
  await notifyChanges(summary, nightly, exitCode);
  return exitCode;
}

const { folders, out, nightlyArgs, nightlyGiven } = parseCli();
// AUDIT_SIGNING_KEY checks each folder's signature and signs the new manifest (AUDIT_HISTORY is allurerc.mjs's).
const settings = settingsOrExit('logout-audit report');
const signingKey = () => settings.signingKey?.reveal();
const resolved = folders.map((f) => resolve(f));
const rebuilding = out === undefined && resolved.length <= 1;
// A rebuild changes no verdict: what changed, what is accepted and who is told were decided by the run itself.
if (rebuilding && nightlyGiven) fail('--baseline, --accepted, --fail-on and --notify apply to a merge (several folders, or --out), not to a rebuild of one folder');
try {
  process.exit(rebuilding ? await rebuild(resolved[0] ?? resolve('out')) : await merge(resolved, resolve(out ?? 'out')));
} catch (error) {
  // Fail-closed: an error nobody expected (a file that cannot be copied, ...) is undecided, exit 2; Node's own
  // exit code for an uncaught error would be 1, which a CI gate reads as a finding.
  fail(`could not finish: ${(error as Error).stack ?? String(error)}`);
}
