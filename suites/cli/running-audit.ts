import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { profileProcesses } from '../../drivers/profile/processes';
import { procCommandLine, procStat } from '../../drivers/proc';
import { CHROMIUM_PROFILE_NOTE } from '../../drivers/playwright/isolated-contexts';
import type { Summary } from '../../reports/summary';
import { tsEntry } from '../../cli/ts-entry';

// A real audit CLI run for tests that do things to it from outside (kill its browser or worker, interrupt it).
// It gets a TMPDIR of its own, so its browsers are found by their profile dirs (logout-audit-<run id>-…) there
// and nothing of another test or engineer is ever touched; and a portal log file to wait on.

const root = resolve('.');

export interface RunningAudit {
  child: ChildProcess;
  tmp: string;
  out: string;
  portalLog: string;
  output(): string;
  exited: Promise<number | null>;
  summary(): Summary;
}

/** `seed` writes into the --out folder before the audit starts (what an earlier run left there). */
export function startAudit(args: string[], seed?: (out: string) => void): RunningAudit {
  const tmp = mkdtempSync(join(tmpdir(), 'la-'));
  const out = join(tmp, 'out');
  seed?.(out);
  const portalLog = join(tmp, 'portal.log');
  const child = spawn(process.execPath, [...tsEntry(join(root, 'cli/audit.ts')), ...args, '--out', out], {
    cwd: root,
    env: { ...process.env, TMPDIR: tmp, AUDIT_PORTAL_LOG: portalLog },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return {
    child,
    tmp,
    out,
    portalLog,
    output: () => output,
    exited,
    summary: () => JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary,
  };
}

function parentOf(pid: number): number | undefined {
  return procStat(pid)?.ppid; // undefined: ended while we looked
}

function commandLine(pid: number): string {
  return procCommandLine(pid) ?? '';
}

/** Main processes of the audit's browsers: holders of one of its profile dirs whose parent holds none. */
export function browserMainProcesses(audit: RunningAudit): number[] {
  const holders = profileProcesses(join(audit.tmp, 'logout-audit-'));
  return holders.filter((pid) => {
    const parent = parentOf(pid);
    return parent !== undefined && !holders.includes(parent);
  });
}

/** The Playwright worker that launched a browser: its parent, checked to be a Playwright process. */
export function workerOf(browserPid: number): number | undefined {
  const parent = parentOf(browserPid);
  return parent !== undefined && /playwright/.test(commandLine(parent)) ? parent : undefined;
}

/** Whether a Chromium probe browser of the audit has started: its launch notes the profile Playwright made for it. */
export function probeBrowserStarted(audit: RunningAudit): boolean {
  return readdirSync(audit.tmp)
    .filter((entry) => entry.startsWith('logout-audit-'))
    .some((entry) => existsSync(join(audit.tmp, entry, CHROMIUM_PROFILE_NOTE)));
}

/** What the audit's browsers left in its TMPDIR: its profile dirs, and the profiles Playwright made itself. */
export function profilesLeft(audit: RunningAudit): string[] {
  return readdirSync(audit.tmp).filter((entry) => /^(logout-audit-|playwright_\w+dev_profile-)/.test(entry));
}

/** Processes of the Allure CLI building this audit's report (named by its results dir). */
export function reportBuilders(audit: RunningAudit): number[] {
  const results = join(audit.out, 'allure-results');
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map(Number)
    .filter((pid) => commandLine(pid).includes('generate') && commandLine(pid).includes(results));
}

export function portalLogHas(audit: RunningAudit, line: RegExp): boolean {
  return existsSync(audit.portalLog) && line.test(readFileSync(audit.portalLog, 'utf8'));
}

export function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // it ended by itself in the meantime
  }
}
