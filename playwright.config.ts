import { defineConfig } from '@playwright/test';
import { auditBrowserById, auditBrowsers } from './drivers/audit-browsers';
import { rebootHookConfig } from './drivers/profile/reboot-hook';
import { allureCategories } from './reports/categories';
import { verdictStatusListener } from './reports/allure-verdict-status';
import { auditEnvironment } from './reports/environment';
import type { SummaryReporterOptions } from './reports/summary-reporter';
import { auditProjectName } from './targets/audit-targets';
import type { AuditProjectOptions } from './audit/fixtures';
import { auditSettings } from './audit/settings';
import { endWithCli } from './audit/end-with-cli';

// One config for the audit (`npm run audit`, driven by cli/audit.ts through AUDIT_* variables) and the
// self-test (`npm test`: unit tests, the reference portal's own tests, the audit of the clean portal, and
// one spec per catalogued defect). The variables are parsed once, here and in each worker, by
// audit/settings.ts: a wrong one stops the run before any browser starts, saying what to fix.

const settings = auditSettings();
const outDir = settings.outDir;

// When a test fails, Playwright's artifact recorder (which sees the drivers' playwright-core contexts too)
// writes an ARIA snapshot of the page into error-context.md, an attachment no redaction passes: it prints
// password inputs' values and every link's URL (id_token_hint=…). This switches that snapshot off
// (node_modules/playwright/lib/index.js, ArtifactsRecorder._takePageSnapshot, 1.64); set here because the
// config is loaded by the runner and by every worker. suites/evidence/no-secrets-in-evidence.spec.ts fails a
// login on purpose and greps every output file, so an upgrade that renames the switch cannot leak silently.
process.env.PLAYWRIGHT_NO_COPY_PROMPT = '1';

const cliRun = settings.cli;
// An audit's runner stops when the audit command that started it is killed outright, instead of finishing alone.
if (settings.cliPid !== undefined) endWithCli(settings.cliPid);

/** A scenario restarts the computer at most once; on a grid node that is the operator's hook (a VM restart). */
function rebootHookAllowanceMs(): number {
  try {
    return rebootHookConfig()?.timeoutMs ?? 0;
  } catch {
    return 0; // a bad hook configuration is reported by the driver, with every wrong field named
  }
}

/**
 * What the self-test (npm test) leaves out of its clean audits, so that each thing is proven once, where it is
 * cheapest (README, "Where each proof lives"); an audit (the CLI) runs every preset and persona it is asked for.
 * - Chromium: the ie11 persona is a User-Agent string and the reference portal's one User-Agent branch is its
 *   logout (ua-trident-logout-skipped), so the clean ie11 runs kept are logout-revisit and the 1177 restart
 *   (logout-close-relaunch); restore-session's only clean run is the 1177 restart too: whether a restored cookie
 *   is refused is the server's answer, the same after a reboot or a power cut as after a close (the defect specs
 *   prove the catches under restore-session).
 * - Firefox and WebKit: also the clean runs whose answer is the server's alone (a copied jar or token replayed,
 *   prompt=none, the idle clock, a second device): Chromium's clean runs prove no false finding there,
 *   conformance proves each driver's cookie injection, defects:firefox a revived cookie's catch.
 */
const CHROMIUM_CLEAN_IE11_RUNS = ['logout-revisit', 'logout-close-relaunch'];
function selfTestLeavesOut(id: string): RegExp {
  if (id === 'chromium') {
    return new RegExp(
      `\\[restore-session, ie11\\]| (?!logout-close-relaunch )[a-z-]+ \\[restore-session|` +
        ` (?!(?:${CHROMIUM_CLEAN_IE11_RUNS.join('|')}) )[a-z-]+ \\[fresh-default, ie11\\]`,
    );
  }
  return /\[restore-session|, ie11\]|(logout-replay|logout-token-replay|logout-sso-silent|idle-timeout|logout-everywhere) \[/;
}

/**
 * A test's time limit is a bound against a hung browser, never a verdict: scenarios that start several browsers
 * (logout-replay starts five in Chromium: 2.1 min under busy loops on every core, load ~30 on 2 cores;
 * logout-remember-me five in Firefox: 95-99 s on a loaded machine) must finish on a machine loaded many times
 * over, so only a hang reaches it. Engines slower to start than Chromium get longer (their record's timeoutFactor).
 */
const TEST_TIMEOUT_MS = 300_000;
function testTimeoutFor(id: string): number {
  return TEST_TIMEOUT_MS * (auditBrowserById(id).timeoutFactor ?? 1) + rebootHookAllowanceMs();
}


/**
 * Audit projects: one per (target, browser) by the CLI's --target and --browsers (drivers/audit-browsers.ts),
 * target by target, so the CLI's planned runs (cli/planned-runs.ts) follow Playwright's order under --shard.
 * Each project names its target in metadata.auditTarget: the summary's entries and the progress lines say it;
 * metadata.auditGridUrl is the settings' grid (SELENIUM_REMOTE_URL), so a grid run's entries say so.
 */
const auditTargets = settings.targets;
// The self-test (npm test) audits the clean portal in all three engines; an audit run names its own browsers
// (the default of settings.browsers).
const auditProjects = auditTargets.flatMap((target) =>
  settings.browsers.map((id) => {
    const { backend, browser } = auditBrowserById(id);
    return {
      name: auditProjectName(id, target, auditTargets.length),
      timeout: testTimeoutFor(id),
      metadata: { auditTarget: target.name, ...(settings.gridUrl ? { auditGridUrl: settings.gridUrl } : {}) },
      use: { auditBrowser: browser, auditBackend: backend, targetFile: target.file },
      ...(cliRun ? {} : { grepInvert: selfTestLeavesOut(id) }),
    };
  }),
);

/** The run's facts for summary.json, from the settings. */
const summaryOptions: SummaryReporterOptions = {
  outDir,
  ...(settings.targetName ? { target: settings.targetName } : {}),
  portalDefects: settings.portalDefects,
  ...(settings.scope ? { scope: settings.scope } : {}),
};

/**
 * The option the driver conformance projects set (suites/drivers/conformance/checks.ts declares it for its
 * specs); written out here because nothing outside suites/ imports the test folder.
 */
interface ConformanceOptions {
  driverUnderTest: string;
}

export default defineConfig<ConformanceOptions, AuditProjectOptions>({
  outputDir: `${outDir}/test-results`,
  fullyParallel: true,
  // Each test launches its own browser on its own profile; one worker per core is what 2 cores carry
  // (measured: a third worker did not shorten the self-test, every step just got slower).
  workers: settings.workers ?? 2,
  // A finding seen once is reported: never retried away.
  retries: 0,
  timeout: testTimeoutFor('chromium'),
  forbidOnly: !!process.env.CI,
  // Playwright's own traces, screenshots and videos would record the drivers' pages unredacted (typed
  // passwords, tokens in URLs): pinned off, no project may turn them on. Evidence is the scenario's own,
  // through evidence/redact.ts.
  use: { trace: 'off', screenshot: 'off', video: 'off' },
  reporter: [
    cliRun ? ['./reports/progress-reporter.ts'] : ['list'],
    [
      'allure-playwright',
      {
        resultsDir: `${outDir}/allure-results`,
        // Playwright API steps would show typed values (passwords); scenario steps and attachments suffice.
        detail: false,
        suiteTitle: true,
        categories: allureCategories,
        environmentInfo: auditEnvironment(settings),
        // Audit results get the status of their verdict: broken (harness could not decide) is not failed.
        listeners: [verdictStatusListener(`${outDir}/allure-results`)],
      },
    ],
    // For CI test views (GitLab, Jenkins): a finding is a <failure> (an expect on the findings), a run the
    // harness could not decide an <error> (UndecidedError): Playwright's JUnit reporter tells them apart itself.
    ...(cliRun ? [['junit', { outputFile: `${outDir}/junit.xml`, includeProjectInTestName: true }] as const] : []),
    ['./reports/summary-reporter.ts', summaryOptions],
    ['./reports/matrix-reporter.ts', { outDir, portalDefects: settings.portalDefects }],
  ],
  // Workers take tests in this order: the long serial files (the grid's, the report's and the CLI's, each a
  // few audits in its own processes) first, the many short unit and portal tests last, so neither worker idles
  // at the end while the other finishes one long test.
  projects: [
    { name: 'grid', testDir: 'suites/grid' },
    { name: 'report', testDir: 'suites/report' },
    { name: 'cli', testDir: 'suites/cli' },
    { name: 'evidence:chromium', testDir: 'suites/evidence', use: { auditBrowser: 'chromium', auditBackend: 'playwright', targetFile: '' } },
    { name: 'drivers', testDir: 'suites/drivers', testIgnore: 'conformance/**' },
    // The one driver conformance spec, run against every driver this machine has (IE lives on Windows nodes).
    ...auditBrowsers().filter((b) => !b.gridOnly).map((b) => ({ name: `conformance:${b.id}`, testDir: 'suites/drivers/conformance', use: { driverUnderTest: b.id } })),
    { name: 'foreign', testDir: 'suites/foreign' },
    // Real open-source applications (npm and Debian packages, installed by setup.sh --with-real-apps) audited
    // through their target files and compared with verdicts written from their source (suites/real-apps/*.expected.ts).
    { name: 'real-apps', testDir: 'suites/real-apps' },
    ...auditProjects.map((p) => ({ ...p, testDir: 'suites', testMatch: 'audit.spec.ts' })),
    // Self-tests always run against the embedded portal, whatever AUDIT_TARGET says.
    { name: 'defects:chromium', testDir: 'suites/defects', use: { auditBrowser: 'chromium', auditBackend: 'playwright', targetFile: '' } },
    // In Firefox, each defect whose catch depends on what the browser keeps and restores, once: the test tagged
    // @each-engine (suites/defects/defect-test.ts EACH_ENGINE says which); the others are Chromium's alone.
    { name: 'defects:firefox', testDir: 'suites/defects', grep: /@each-engine/, timeout: testTimeoutFor('firefox'), use: { auditBrowser: 'firefox', auditBackend: 'playwright', targetFile: '' } },
    // Every positive control, made to fail by a misdescribed target or a driver that drops what a control needs.
    { name: 'controls:chromium', testDir: 'suites/controls', use: { auditBrowser: 'chromium', auditBackend: 'playwright', targetFile: '' } },
    { name: 'unit', testDir: 'suites/unit' },
    { name: 'portal', testDir: 'suites/portal' },
  ],
});
