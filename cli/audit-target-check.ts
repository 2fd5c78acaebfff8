import { join } from 'node:path';
import type { BrowserExecutables } from '../drivers/driver';
import { createRedactor } from '../evidence/redact';
import type { AuditTarget } from '../targets/audit-targets';
import { loadTargetFile } from '../targets/define-target';
import { checkTarget, type CheckLine } from './check/target-check';

// The check every audit of a target file starts with: the round `logout-audit check` makes (cli/check/), once
// per target, before any scenario runs. A wrong selector or signal is then named once, with its fix, rather
// than as the broken reason of every run; a target whose round fails gets no runs, and each of its planned runs
// is entered broken TARGET_CHECK_FAILED (cli/planned-runs.ts), so the audit cannot end 0 and a nightly trend
// sees every run it expected. The embedded reference portal is not checked here: each Playwright worker starts
// its own, so there is no portal to check before the runs, and its target is the harness's own, proved by npm test.

export interface TargetCheckOutcome {
  target: AuditTarget;
  /** Undefined when the file is fit for an audit; else why not, in one line, for the summary's reason. */
  unfit?: string;
}

/** What a problem line of the round says, with its fix: the same words `logout-audit check` prints. */
const problemText = (line: CheckLine): string => `${line.field}: ${line.text}${line.fix ? ` (fix: ${line.fix})` : ''}`;

/** A folder name for a target's screenshots: its name, without what a path cannot hold. */
const folderOf = (name: string): string => name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'target';

/**
 * One round per target file, at most `parallel` at once (the audit's --workers: as many browsers as its runs
 * will have). Prints a line per target, and per problem a line and its fix. Never throws for what a portal
 * does: a round that could not be made at all (no browser, the portal down) is an unfit target too.
 */
export async function checkAuditTargets(targets: AuditTarget[], env: NodeJS.ProcessEnv, outDir: string, executables: BrowserExecutables, parallel: number): Promise<TargetCheckOutcome[]> {
  const files = targets.filter((t) => t.file);
  const outcomes: TargetCheckOutcome[] = new Array<TargetCheckOutcome>(files.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < files.length; i = next++) outcomes[i] = await checkOne(files[i]!, env, outDir, executables);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, files.length)) }, lane));
  return outcomes;
}

async function checkOne(target: AuditTarget, env: NodeJS.ProcessEnv, outDir: string, executables: BrowserExecutables): Promise<TargetCheckOutcome> {
  const redactor = createRedactor();
  const started = Date.now();
  let problems: string[];
  try {
    const loaded = await loadTargetFile(target.file, env);
    for (const user of loaded.users) redactor.register(user.password);
    const report = await checkTarget(loaded, { outDir: join(outDir, 'check', folderOf(target.name)), redactor, executables, screenshots: 'problems' });
    problems = report.lines.filter((l) => !l.ok).map((l) => redactor.text(problemText(l)));
    if (report.lines.length === 0) problems = ['(round): the round proved nothing (the target declares no user)'];
  } catch (error) {
    problems = [`(round): ${redactor.text((error as Error).message.split('\n')[0] ?? String(error))}`];
  }
  const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
  if (problems.length === 0) {
    console.log(`check: ${target.name}: every signal and selector held (one live round, ${took}; --no-check skips it)`);
    return { target };
  }
  console.error(`check: ${target.name}: ${problems.length} problem(s) in ${target.file} (one live round, ${took}); none of its runs is started:`);
  for (const problem of problems) console.error(`  ${problem}`);
  return { target, unfit: `logout-audit check found ${problems.length} problem(s) in ${target.file}: ${problems.join('; ')}` };
}
