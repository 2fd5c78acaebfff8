// logout-audit: audits the embedded reference portal (or the portal a target file describes) in real browsers
// and ends with the HTML report's path and a one-screen summary. Exit: 0 all passed, 1 any finding,
// 2 broken (the harness could not decide) or bad input, 130 interrupted (no verdict).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { auditBrowserById, auditBrowsers, setupFlagsFor } from '../drivers/audit-browsers';
import { requireBrowser, requireGridSlots } from '../drivers/browser-preflight';
import { profileProcesses } from '../drivers/processes';
import { rebootHookConfig } from '../drivers/reboot-hook';
import { profileBaseDir, profileDirPrefix } from '../drivers/profile-dirs';
import { parseDefects } from '../portal/defects';
import { loadTargetFile } from '../targets/define-target';
import { buildManifest, MANIFEST_NAME } from '../reports/manifest';
import { exitCodeFor, type Summary } from '../reports/summary';
import { renderSummary } from '../reports/summary-table';
import { auditPlan } from '../suites/audit-plan';
import { generateReport } from './allure-report';

const USAGE = `usage: npm run audit -- [options]
  --target FILE          audit the portal a target file describes (default: the embedded reference portal)
  --portal-defects a,b   start the embedded reference portal with these catalogued defects
  --browsers a,b         browsers (and drivers) to audit in (default: chromium):
${auditBrowsers().map((b) => `                           ${b.id.padEnd(18)} ${b.description}`).join('\n')}
  --grid URL             run the Selenium projects through a Selenium Grid 4 (also SELENIUM_REMOTE_URL)
  --scenarios a,b        only these scenarios (default: all)
  --presets a,b          profile presets: fresh-default, restore-session (default: both)
  --personas a,b         User-Agent personas: default, ie11 (default: both)
  --workers N            parallel browsers (default: 2)
  --shard I/N            run only the I-th of N shares of the plan (spread an audit over CI machines)
  --out DIR              output directory (default: out)
  --list                 print the planned runs and exit
  --help`;

function fail(message: string): never {
  console.error(`logout-audit: ${message}`);
  process.exit(2);
}

function parseCli() {
  try {
    const { values } = parseArgs({
      options: {
        target: { type: 'string', default: '' },
        'portal-defects': { type: 'string', default: '' },
        browsers: { type: 'string', default: '' },
        grid: { type: 'string', default: process.env.SELENIUM_REMOTE_URL ?? '' },
        scenarios: { type: 'string', default: '' },
        presets: { type: 'string', default: '' },
        personas: { type: 'string', default: '' },
        workers: { type: 'string', default: '2' },
        shard: { type: 'string', default: '' },
        out: { type: 'string', default: 'out' },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    });
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
    AUDIT_OUT: outDir,
    AUDIT_RUN_ID: runId,
    // One key per run: the same cookie hashes alike in every step and worker, and the key dies with the run.
    AUDIT_REDACTION_KEY: randomBytes(32).toString('hex'),
    AUDIT_TARGET: args.target ? resolve(args.target) : '',
    AUDIT_PORTAL_DEFECTS: args['portal-defects'],
    AUDIT_SCENARIOS: args.scenarios,
    AUDIT_PRESETS: args.presets,
    AUDIT_PERSONAS: args.personas,
    AUDIT_WORKERS: args.workers,
  };

  // Bad input is found before any browser starts.
  let plan;
  try {
    env.AUDIT_BROWSERS = parseBrowsers(args.browsers || (args.grid ? 'selenium-chromium' : 'chromium'), args.grid).join(',');
    if (args.grid) env.SELENIUM_REMOTE_URL = args.grid;
    parseDefects(args['portal-defects']);
    if (args.target && args['portal-defects']) throw new Error('--portal-defects applies to the embedded portal only, not to --target');
    if (args.target) env.AUDIT_TARGET_NAME = (await loadTargetFile(args.target, env)).name;
    plan = auditPlan(env);
    if (!/^[1-9]\d*$/.test(args.workers)) throw new Error(`--workers must be a positive number, got "${args.workers}"`);
    if (args.shard && !/^[1-9]\d*\/[1-9]\d*$/.test(args.shard)) throw new Error(`--shard must look like 1/3, got "${args.shard}"`);
    rebootHookConfig(env); // a wrong AUDIT_REBOOT_HOOK* variable: every wrong one named, before any browser starts
    const browsers = (env.AUDIT_BROWSERS ?? '').split(',').map(auditBrowserById);
    installBrowsers(setupFlagsFor(browsers));
    for (const browser of browsers) requireBrowser(browser, env);
    if (args.grid) await requireGridSlots(args.grid, browsers);
  } catch (error) {
    return fail((error as Error).message);
  }
  if (args.list) {
    console.log(`target: ${env.AUDIT_TARGET_NAME ?? 'reference-portal (embedded)'}`);
    for (const browser of (env.AUDIT_BROWSERS ?? 'chromium').split(',')) {
      for (const run of plan) console.log(`${run.scenario.id}\t${browser}\t${run.preset}\t${run.persona}`);
    }
    console.log(`${plan.length * (env.AUDIT_BROWSERS ?? 'chromium').split(',').length} runs`);
    return 0;
  }

  for (const stale of ['allure-results', 'test-results', 'summary.json', MANIFEST_NAME]) rmSync(join(outDir, stale), { recursive: true, force: true });

  const playwrightExit = await runPlaywright(env, args.shard ? ['--shard', args.shard] : []);
  sweepProfiles(runId);
  if (interrupted) {
    console.error('logout-audit: interrupted; no verdict (every browser ended, every profile deleted)');
    return 130;
  }

  const summaryPath = join(outDir, 'summary.json');
  if (!existsSync(summaryPath)) {
    return fail(`the audit produced no results (Playwright exited with ${playwrightExit}); see the output above`);
  }
  const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as Summary;
  const report = await generateReport(outDir, env);
  writeFileSync(join(outDir, MANIFEST_NAME), `${JSON.stringify(buildManifest(outDir), null, 2)}\n`);
  console.log(renderSummary(summary, report));
  console.log(`Evidence manifest: ${join(outDir, MANIFEST_NAME)} (check it with: npm run verify -- ${args.out})`);
  return exitCodeFor(summary.results);
}

/** Names that are not in drivers/audit-browsers.ts are refused rather than audited less than was asked for. */
function parseBrowsers(list: string, grid: string): string[] {
  const browsers = list.split(',').map((b) => b.trim()).filter(Boolean);
  for (const browser of browsers) auditBrowserById(browser);
  if (browsers.length === 0) throw new Error('--browsers needs at least one browser, e.g. --browsers chromium');
  if (grid && !browsers.some((b) => b.startsWith('selenium-'))) throw new Error('--grid needs a Selenium browser, e.g. --browsers selenium-chromium');
  if (grid && !/^https?:\/\//.test(grid)) throw new Error(`--grid must be a URL such as http://127.0.0.1:4444, got "${grid}"`);
  return browsers;
}

/**
 * `npm run audit` installs Chromium before this starts; a browser asked for with --browsers is installed here,
 * by the same script, only when missing (it says what it installs, or which packages to install by hand).
 */
function installBrowsers(flags: string[]): void {
  if (flags.length === 0) return;
  const setup = spawnSync('bash', [fileURLToPath(new URL('../scripts/setup.sh', import.meta.url)), ...flags], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (setup.status !== 0) throw new Error(`scripts/setup.sh ${flags.join(' ')} failed (exit ${setup.status}): see its messages above`);
}

let interrupted = false;

function runPlaywright(env: NodeJS.ProcessEnv, extraArgs: string[]): Promise<number> {
  return new Promise((done) => {
    const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
    // Its own process group, so a signal reaches the runner exactly once (forwarded below) whether it came
    // from a terminal's Ctrl-C or from CI cancelling the job; the runner then tears its fixtures down, which
    // ends every browser and deletes every profile.
    const projects = (env.AUDIT_BROWSERS ?? 'chromium').split(',').flatMap((b) => ['--project', `audit:${b}`]);
    const child = spawn(process.execPath, [cli, 'test', ...projects, ...extraArgs], {
      env,
      stdio: 'inherit',
      detached: true,
    });
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.on(signal, () => {
        if (interrupted) return;
        interrupted = true;
        console.error(`logout-audit: ${signal}: stopping the browsers and deleting their profiles`);
        child.kill('SIGINT');
      });
    }
    child.on('exit', (code) => done(code ?? 2));
  });
}

/**
 * Profiles hold session cookies: whatever of this run is left (a worker killed before its teardown) is ended
 * and deleted: first every process holding a profile dir of the run, then the dirs.
 */
function sweepProfiles(runId: string): void {
  const prefix = profileDirPrefix(runId);
  const base = profileBaseDir();
  for (const entry of readdirSync(base)) {
    if (!entry.startsWith(prefix)) continue;
    const dir = join(base, entry);
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

process.exitCode = await main();
