// logout-audit: audits the embedded reference portal (or the portal a target file describes) in real browsers
// and ends with the HTML report's path and a one-screen summary. Exit: 0 all passed, 1 any finding (not an
// accepted one; with --fail-on new only a new one),
// 2 broken (the harness could not decide) or bad input, 130 interrupted (no verdict).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { auditBrowserById, auditBrowsers, setupFlagsFor } from '../drivers/audit-browsers';
import { requireBrowser, requireGridSlots } from '../drivers/browser-preflight';
import { BrowserNotFoundError } from '../drivers/browsers';
import { probeProfilesOfRun } from '../drivers';
import { profileProcesses } from '../drivers/profile/processes';
import { rebootHookConfig } from '../drivers/profile/reboot-hook';
import { profileBaseDir, profileDirPrefix } from '../drivers/profile/profile-dirs';
import { auditProjectName, type AuditTarget } from '../targets/audit-targets';
import { buildManifest, MANIFEST_NAME } from '../reports/manifest';
import { withInterruption } from '../reports/merge-junit';
import { completeSummary, exitCodeFor, writeSummary, type Summary } from '../reports/summary';
import { scopeOf } from '../reports/summary-scope';
import { renderSummary } from '../reports/summary-table';
import { auditPlan, planGroups, sharedRounds, unplannedRuns } from '../audit/plan';
import { SHARED_ROUND_WHY } from '../scenarios/shared-round';
import { parseAuditSettings, type AuditSettings } from '../audit/settings';
import { generateReport } from './allure-report';
import { auditTargetsEnv, checkOutDir, checkShard, checkWorkers, describeRefusal, joinNegativeValues, loadAuditTargets } from './audit-input';
import { lockOutDir, OUT_LOCK_NAME } from './out-lock';
import { checkOutDirOwnership, removeEarlierProducts } from './out-dir';
import { noteHarnessFailure } from './harness-failure';
import { plannedRuns, summaryOverPlan } from './planned-runs';
import { checkAuditTargets } from './audit-target-check';
import { InputError } from '../errors/audit-error';
import { labelChanges } from '../reports/allure-changes';
import { applyNightly, keepBaseline, NIGHTLY_USAGE, nightlyCliOptions, notifyChanges, prepareNightly, type Nightly } from './nightly';

const USAGE = `usage: logout-audit audit [options]   (npm run audit -- [options])
  --target FILE          audit the portal a target file describes (default: the embedded reference portal);
                         repeat it to audit several portals in one run, one report and one exit code
  --portal-defects a,b   start the embedded reference portal with these catalogued defects
  --portal-idp saml      the embedded portal signs in through a SAML 2.0 IdP instead of OpenID Connect (oidc)
  --portal-mfa totp      the embedded portal's IdP asks for a one-time code after the password; the harness
                         types codes made from each user's secret (REFERENCE_TOTP_SECRET_<USER>, generated)
  --browsers a,b         browsers (and drivers) to audit in (default: chromium):
${auditBrowsers().map((b) => `                           ${b.id.padEnd(18)} ${b.description}`).join('\n')}
  --grid URL             run the Selenium projects through a Selenium Grid 4 (also SELENIUM_REMOTE_URL)
  --scenarios a,b        only these scenarios (default: all)
  --presets a,b          profile presets: fresh-default, restore-session (default: both)
  --personas a,b         User-Agent personas: default, ie11 (default: both)
  --quick                the 1177 class in seconds: logout-revisit, logout-close-relaunch and logout-replay
                         under the default and ie11 personas (the restart under both presets); same verdicts
  --workers N            parallel browsers (default: 2)
  --shard I/N            run only the I-th of N shares of the plan (spread an audit over CI machines)
  --out DIR              output directory (default: out)
  --no-check             skip the check an audit of a target file starts with (logout-audit check: one live
                         round proving every signal and selector; a target it finds unfit gets no runs, each
                         of them broken TARGET_CHECK_FAILED, and the problems are printed once with their fix)
${NIGHTLY_USAGE}
  --list                 print the planned runs and exit (after the same checks as a run)
  --debug                with a refused input, also print the stack of what it was caused by (a bug's
                         stack is printed always, a refusal's own never)
  --help`;

function fail(message: string): never {
  console.error(`logout-audit: ${message}`);
  process.exit(2);
}

function parseCli() {
  try {
    const options = {
      target: { type: 'string', multiple: true, default: [] as string[] },
      'portal-defects': { type: 'string', default: '' },
      'portal-idp': { type: 'string', default: '' },
      'portal-mfa': { type: 'string', default: '' },
      browsers: { type: 'string', default: '' },
      grid: { type: 'string', default: process.env.SELENIUM_REMOTE_URL ?? '' },
      scenarios: { type: 'string', default: '' },
      presets: { type: 'string', default: '' },
      personas: { type: 'string', default: '' },
      workers: { type: 'string', default: '2' },
      shard: { type: 'string', default: '' },
      out: { type: 'string', default: 'out' },
      list: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      'no-check': { type: 'boolean', default: false },
      debug: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      ...nightlyCliOptions,
    } as const;
    const valueOptions = Object.entries(options).filter(([, o]) => o.type === 'string').map(([name]) => name);
    const { values } = parseArgs({ options, args: joinNegativeValues(process.argv.slice(2), valueOptions), strict: true });
    return values;
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
}

async function main(): Promise<number> {
  const args = parseCli();
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const outDir = resolve(args.out);
  const runId = randomBytes(4).toString('hex');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AUDIT_CLI: '1',
    AUDIT_CLI_PID: String(process.pid),
    AUDIT_OUT: outDir,
    AUDIT_RUN_ID: runId,
    // One key per run: the same cookie hashes alike in every step and worker, and the key dies with the run.
    AUDIT_REDACTION_KEY: randomBytes(32).toString('hex'),
    AUDIT_PORTAL_DEFECTS: args['portal-defects'],
    AUDIT_PORTAL_IDP: args['portal-idp'],
    AUDIT_PORTAL_MFA: args['portal-mfa'],
    AUDIT_SCENARIOS: args.scenarios,
    AUDIT_PRESETS: args.presets,
    AUDIT_PERSONAS: args.personas,
    AUDIT_QUICK: args.quick ? '1' : '',
    AUDIT_WORKERS: args.workers,
    // Computed from the plan below; one inherited from elsewhere is not this run's.
    AUDIT_SCOPE: '',
  };

  // Bad input is found before any browser starts: the options, then the target files, then the settings the
  // options became (audit/settings.ts, as Playwright's config and workers will parse them).
  let plan;
  let settings: AuditSettings;
  let targets: AuditTarget[];
  let nightly: Nightly;
  try {
    checkOutDir(args.out);
    checkOutDirOwnership(outDir, args.out);
    checkWorkers(args.workers);
    checkShard(args.shard);
    env.AUDIT_BROWSERS = parseBrowsers(args.browsers || (args.grid ? 'selenium-chromium' : 'chromium'), args.grid).join(',');
    if (args.grid) env.SELENIUM_REMOTE_URL = args.grid;
    if (args.target.length > 0 && args['portal-defects']) throw new InputError('--portal-defects applies to the embedded portal only, not to --target');
    if (args.target.length > 0 && args['portal-idp']) throw new InputError('--portal-idp applies to the embedded portal only; a target declares its own identity provider (idp)');
    if (args.target.length > 0 && args['portal-mfa']) throw new InputError('--portal-mfa applies to the embedded portal only; a target declares its own second factor (login.totp)');
    targets = await loadAuditTargets(args.target, env); // every file loaded and checked, each error naming its file
    Object.assign(env, auditTargetsEnv(targets, args.target.length > 0));
    settings = parseAuditSettings(env); // an unknown defect, scenario, preset or persona: named, with the valid ones
    plan = auditPlan(settings);
    if (args.shard && plannedRuns(plan, settings.browsers, args.shard, settings.gridUrl, targets).length === 0) {
      const runs = plan.length * settings.browsers.length * targets.length;
      const groups = planGroups(plan).length * settings.browsers.length * targets.length;
      throw new InputError(
        `--shard ${args.shard} would run nothing: Playwright cuts shares by test count and keeps the runs of a shared round together (--list names them), and this plan's ${runs} run(s) in ${groups} group(s) leave this share empty; use fewer shards`,
      );
    }
    // Read now: --baseline may be this --out, whose summary.json is removed before the run.
    nightly = prepareNightly(args, targets, settings.historyFile ?? join(outDir, 'history', 'history.jsonl'), settings.notifyUrl?.reveal());
    rebootHookConfig(env); // a wrong AUDIT_REBOOT_HOOK* variable: every wrong one named, before any browser starts
    const browsers = settings.browsers.map(auditBrowserById);
    installBrowsers(setupFlagsFor(browsers));
    for (const browser of browsers) requireBrowser(browser, settings); // its binaries and grid as the runs get them
    if (args.grid) await requireGridSlots(args.grid, browsers);
  } catch (error) {
    return fail(describeRefusal(error, args.debug));
  }
  if (args.list) {
    for (const target of targets) {
      console.log(`target: ${target.file ? target.name : `${target.name} (embedded)`}`);
      for (const browser of settings.browsers) {
        for (const run of plan) console.log(`${run.scenario.id}\t${browser}\t${run.preset}\t${run.persona}`);
      }
    }
    console.log(`${plan.length * settings.browsers.length * targets.length} runs`);
    for (const round of sharedRounds(plan)) console.log(`shared round: ${round.members.join(', ')} under ${round.preset}, ${round.persona} (${SHARED_ROUND_WHY})`);
    // Every browser a run starts besides the user's own, with its reason (a restart is the same browser and profile).
    for (const scenario of new Set(plan.map((run) => run.scenario))) if (scenario.otherBrowsers) console.log(`other browsers of ${scenario.id}: ${scenario.otherBrowsers}`);
    for (const left of unplannedRuns(settings)) console.log(`not planned: ${left.scenario} under ${left.preset} (${left.why})`);
    return 0;
  }

  // Refused before anything in --out is deleted: a live audit's results there stay whole.
  try {
    lockOutDir(outDir);
  } catch (error) {
    return fail((error as Error).message);
  }
  removeEarlierProducts(outDir);
  runOutDir = outDir; // from here on, what is in --out is this run's
  const { browsers: browserIds, gridUrl, portalDefects } = settings;
  const planned = plannedRuns(plan, browserIds, args.shard, gridUrl, targets);
  // Which plan and shard this is, in summary.json: a merge of shards refuses a missing, doubled or foreign one.
  const scope = scopeOf(plannedRuns(plan, browserIds, '', gridUrl, targets), portalDefects, args.shard);
  env.AUDIT_SCOPE = JSON.stringify(scope);

  const stop = watchInterrupts();
  // Every target file proved by one live round before any scenario runs; an unfit one gets no runs.
  const checked = args['no-check'] ? [] : await checkAuditTargets(targets, env, outDir, settings.executables, Number(args.workers));
  const unfit = new Map(checked.flatMap((c) => (c.unfit === undefined ? [] : [[c.target.name, c.unfit] as const])));
  const projects = auditProjects(settings, unfit);
  const playwrightExit = projects.length > 0 && !stop.interrupted ? await runPlaywright(env, projects, args.shard ? ['--shard', args.shard] : [], stop.signal) : 0;
  sweepProfiles(runId);
  // Every planned run gets its entry, judged or broken with the cause, before anything else is decided.
  const over = summaryOverPlan(outDir, planned, stop.interrupted, playwrightExit, { target: settings.targetName, portalDefects, scope }, unfit);
  if (stop.interrupted) return interruptedExit(outDir, over?.summary);
  // Playwright not started (every target unfit) reports nothing, and every run is then entered with its cause.
  if (!over || (!over.reported && projects.length > 0)) {
    return fail(`the audit produced no results (Playwright exited with ${playwrightExit}); see the output above${over ? `; ${join(outDir, 'summary.json')} lists the ${planned.length} planned run(s) as broken` : ''}`);
  }
  // What changed since the previous run of this plan, and which findings an owner accepted: in summary.json,
  // the report's labels and the gate.
  const marked = applyNightly(over.summary, nightly);
  const { summary } = marked;
  writeSummary(outDir, summary);
  labelChanges(join(outDir, 'allure-results'), summary);
  const report = await generateReport(outDir, env, stop.signal);
  if (stop.interrupted) return interruptedExit(outDir, summary);
  const exitCode = exitCodeFor(summary.results, planned, marked.failsGate);
  keepBaseline(summary, nightly, marked.previous); // before the manifest, which covers a history kept in --out
  // Every file of the folder but the lock, which is gone once this audit ends.
  writeFileSync(join(outDir, MANIFEST_NAME), `${JSON.stringify(buildManifest(outDir, settings.signingKey?.reveal(), [OUT_LOCK_NAME]), null, 2)}\n`);
  console.log(renderSummary(summary, report));
  console.log(`Evidence manifest: ${join(outDir, MANIFEST_NAME)} (check it with: npm run verify -- ${args.out})`);
  if (stop.interrupted) return interruptedExit(outDir, summary);
  await notifyChanges(summary, nightly, exitCode);
  return exitCode;
}

/**
 * An audit stopped by a signal, during the runs or after them (report, manifest): 130, and summary.json says
 * it was interrupted, whatever it holds, so no script takes a partial run for a whole one.
 */
function interruptedExit(outDir: string, summary: Summary | undefined): 130 {
  if (summary) writeSummary(outDir, completeSummary(summary, [], true));
  const junit = join(outDir, 'junit.xml');
  if (existsSync(junit)) {
    try {
      writeFileSync(junit, withInterruption(readFileSync(junit, 'utf8'), 'interrupted: the runs it cut have no verdict (summary.json lists them as broken INTERRUPTED)'));
    } catch {
      rmSync(junit, { force: true }); // a half-written file must not be read as this run's result
    }
  }
  console.error('logout-audit: interrupted; no verdict (every browser ended, every profile deleted)');
  return 130;
}

/** Names that are not in drivers/audit-browsers.ts are refused rather than audited less than was asked for. */
function parseBrowsers(list: string, grid: string): string[] {
  const browsers = list.split(',').map((b) => b.trim()).filter(Boolean);
  for (const browser of browsers) auditBrowserById(browser);
  if (browsers.length === 0) throw new InputError('--browsers needs at least one browser, e.g. --browsers chromium');
  if (grid && !browsers.some((b) => b.startsWith('selenium-'))) throw new InputError('--grid needs a Selenium browser, e.g. --browsers selenium-chromium');
  if (grid && !/^https?:\/\//.test(grid)) throw new InputError(`--grid must be a URL such as http://127.0.0.1:4444, got "${grid}"`);
  return browsers;
}

/**
 * `npm run audit` installs Chromium before this starts; a browser asked for with --browsers is installed here,
 * by the same script, only when missing (it says what it installs, or which packages to install by hand).
 */
function installBrowsers(flags: string[]): void {
  if (flags.length === 0) return;
  const setup = spawnSync('bash', [fileURLToPath(new URL('../scripts/setup.sh', import.meta.url)), ...flags], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (setup.status !== 0) throw new BrowserNotFoundError(`scripts/setup.sh ${flags.join(' ')} failed (exit ${setup.status}): see its messages above`);
}

/**
 * Ctrl-C, CI cancelling the job (SIGTERM) or a closed terminal: noted once, for the whole audit, and passed on
 * through `signal` to whatever runs at that moment (Playwright, then the Allure CLI); main() then ends with 130.
 */
function watchInterrupts(): { readonly interrupted: boolean; signal: AbortSignal } {
  const controller = new AbortController();
  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(name, () => {
      if (controller.signal.aborted) return;
      console.error(`logout-audit: ${name}: stopping the browsers and deleting their profiles`);
      controller.abort();
    });
  }
  return {
    get interrupted() {
      return controller.signal.aborted;
    },
    signal: controller.signal,
  };
}

/**
 * The Playwright projects of the audit: one per (target, browser), as playwright.config.ts names them; none for
 * a target the opening check found unfit (`unfit`, by name).
 */
function auditProjects({ targets, browsers }: AuditSettings, unfit: ReadonlyMap<string, string>): string[] {
  return targets.filter((t) => !unfit.has(t.name)).flatMap((t) => browsers.flatMap((b) => ['--project', auditProjectName(b, t, targets.length)]));
}

function runPlaywright(env: NodeJS.ProcessEnv, projects: string[], extraArgs: string[], stop: AbortSignal): Promise<number> {
  return new Promise((done) => {
    const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
    // Its own process group, so a signal reaches the runner exactly once (forwarded below) whether it came
    // from a terminal's Ctrl-C or from CI cancelling the job; the runner then tears its fixtures down, which
    // ends every browser and deletes every profile.
    const child = spawn(process.execPath, [cli, 'test', ...projects, ...extraArgs], {
      env,
      cwd: fileURLToPath(new URL('..', import.meta.url)), // where playwright.config.ts is, from any working directory
      stdio: 'inherit',
      detached: true,
    });
    const interrupt = () => child.kill('SIGINT');
    if (stop.aborted) interrupt();
    else stop.addEventListener('abort', interrupt, { once: true });
    child.on('exit', (code) => {
      stop.removeEventListener('abort', interrupt);
      done(code ?? 2);
    });
  });
}

/**
 * Profiles hold session cookies: whatever of this run is left (a worker killed before its teardown) is ended
 * and deleted: first every process holding a profile dir of the run, then the dirs. A probe browser's own
 * profile (Playwright's, in the OS temp dir; Firefox's may hold a probe's cookies) goes too: it is listed before
 * the run's dirs are deleted, since a Chromium probe's is noted in one of them.
 */
function sweepProfiles(runId: string): void {
  const prefix = profileDirPrefix(runId);
  const base = profileBaseDir();
  const ours = readdirSync(base)
    .filter((entry) => entry.startsWith(prefix))
    .map((entry) => join(base, entry));
  for (const dir of [...ours, ...probeProfilesOfRun(runId, tmpdir())]) {
    for (const pid of profileProcesses(dir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The --out of the run under way, once it owns the folder: where a harness failure is written down. */
let runOutDir: string | undefined;

try {
  process.exitCode = await main();
} catch (error) {
  // Exit codes are a contract with CI: 1 is a finding and only that. Whatever else goes wrong after the input
  // was accepted (a full disk, an --out that became unwritable) is a run that could not decide: 2, one line,
  // the stack only with --debug.
  const debug = process.argv.includes('--debug');
  const line = (error as Error).message ?? String(error);
  if (runOutDir) noteHarnessFailure(runOutDir, line);
  console.error(`logout-audit: the audit could not finish: ${line}${debug ? `\n${(error as Error).stack ?? ''}` : ' (--debug prints the stack)'}`);
  process.exitCode = 2;
}
