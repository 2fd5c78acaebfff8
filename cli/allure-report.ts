import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAuditSettings } from '../audit/settings';

/**
 * Builds the single-file HTML report with the Allure 3 CLI (npm `allure`, no Java) from <out>/allure-results,
 * configured by allurerc.mjs (single file, categories) and the history file of `env`'s settings. Returns the report's index.html, or undefined when
 * the CLI failed: the audit's verdicts stand without the HTML, and the reason is printed.
 */
/** The variable cli/allure-report.ts hands allurerc.mjs the history file in (not a setting: never set it yourself). */
export const ALLURE_HISTORY_HANDOFF = 'LOGOUT_AUDIT_ALLURE_HISTORY';

export async function generateReport(outDir: string, env: NodeJS.ProcessEnv, stop?: AbortSignal): Promise<string | undefined> {
  const results = join(outDir, 'allure-results');
  const report = join(outDir, 'report');
  if (!existsSync(results)) return undefined;
  // Allure 3 puts a new report into a subfolder when the output folder is not empty: start empty.
  rmSync(report, { recursive: true, force: true });
  // The package exports no CLI entry point; its bin lives at the package root. Both paths are the package's
  // own, so the report builds from any working directory (the logout-audit command).
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const cli = join(root, 'node_modules', 'allure', 'cli.js');
  const config = join(root, 'allurerc.mjs');
  // The history file is a setting (AUDIT_HISTORY, read in audit/settings.ts only); the Allure CLI has no flag for
  // it, so allurerc.mjs is handed the parsed value in a variable of its own.
  const history = resolve(parseAuditSettings(env).historyFile ?? join(outDir, 'history', 'history.jsonl'));
  const code = await new Promise<number>((done) => {
    const child = spawn(process.execPath, [cli, 'generate', results, '--output', report, '--config', config], {
      env: { ...env, [ALLURE_HISTORY_HANDOFF]: history },
      stdio: ['ignore', 'ignore', 'inherit'],
      signal: stop, // an interrupted audit ends the Allure CLI too (SIGTERM), rather than waiting for it
    });
    child.on('error', () => done(1)); // aborted (or could not start): no report
    child.on('exit', (c) => done(c ?? 1));
  });
  const index = join(report, 'index.html');
  if (code !== 0 || !existsSync(index)) {
    console.error(`logout-audit: the Allure CLI could not build the report (exit ${code}); results stay in ${results}`);
    return undefined;
  }
  writeFileSync(index, withoutThirdPartyScripts(readFileSync(index, 'utf8')));
  return index;
}

/**
 * Allure 3's report template always embeds Google Analytics (plugin-awesome sets analyticsEnable: true with no
 * option to turn it off). An audit report is opened by auditors on other machines: it must not tell a third
 * party that, when or where it was opened. The two script tags of that block are removed.
 */
export function withoutThirdPartyScripts(html: string): string {
  return html
    .replace(/<script async src="https:\/\/www\.googletagmanager\.com\/[^"]*"><\/script>/g, '')
    .replace(/<script>\s*window\.dataLayer = window\.dataLayer \|\| \[\];[\s\S]*?<\/script>/g, '');
}
