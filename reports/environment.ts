import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { findChromium } from '../drivers/browsers';

function quietly(run: () => string): string {
  try {
    return run().trim();
  } catch {
    return 'unknown';
  }
}

/**
 * The Allure "environment" of a run: what was audited, with what, when. An auditor reading the report later
 * must be able to say which harness version and which browser build produced each verdict.
 */
export function auditEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  const chromium = quietly(() => findChromium(env).path);
  return {
    harness: `logout-audit ${pkg.version}`,
    'git commit': quietly(() => execFileSync('git', ['describe', '--always', '--dirty', '--abbrev=12'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString()),
    target: env.AUDIT_TARGET_NAME ?? 'reference-portal (embedded)',
    'portal defects': env.AUDIT_PORTAL_DEFECTS || 'none (clean portal)',
    'chromium': chromium === 'unknown' ? 'not found' : `${quietly(() => execFileSync(chromium, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString())} (${chromium})`,
    driver: 'playwright-core (persistent profiles)',
    node: process.version,
    'grid': env.SELENIUM_REMOTE_URL ?? 'none',
    'started at': new Date().toISOString(),
  };
}
