import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { findChromium } from '../drivers/browsers';
import type { BrowserExecutables } from '../drivers/driver';

function quietly(run: () => string): string {
  try {
    return run().trim();
  } catch {
    return 'unknown';
  }
}

/** What was audited, from the run's settings (audit/settings.ts). */
export interface AuditedRun {
  /** The audited portals' names; undefined = the embedded reference portal. */
  targetName: string | undefined;
  portalDefects: readonly string[];
  gridUrl: string | undefined;
  /** The binaries the settings name instead of the found ones (AUDIT_CHROMIUM_PATH, …). */
  executables: BrowserExecutables;
}

/**
 * The Allure "environment" of a run: what was audited, with what, when. An auditor reading the report later
 * must be able to say which harness version and which browser build produced each verdict.
 */
export function auditEnvironment(run: AuditedRun): Record<string, string> {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  const chromium = quietly(() => findChromium(run.executables).path);
  return {
    harness: `logout-audit ${pkg.version}`,
    'git commit': quietly(() => execFileSync('git', ['describe', '--always', '--dirty', '--abbrev=12'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString()),
    target: run.targetName ?? 'reference-portal (embedded)',
    'portal defects': run.portalDefects.join(',') || 'none (clean portal)',
    'chromium': chromium === 'unknown' ? 'not found' : `${quietly(() => execFileSync(chromium, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString())} (${chromium})`,
    driver: 'playwright-core (persistent profiles)',
    node: process.version,
    'grid': run.gridUrl ?? 'none',
    'started at': new Date().toISOString(),
  };
}
