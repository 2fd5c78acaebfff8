import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checkDistinctTargets, EMBEDDED_TARGET, formatAuditTargets, type AuditTarget } from '../targets/audit-targets';
import { loadTargetFile } from '../targets/define-target';
import { InputError, isAuditError } from '../errors/audit-error';

// The audit CLI's checks of its own options, made before anything starts: each wrong value is one line that
// says what is wrong and how to fix it (exit 2), never a stack trace from deep inside a run that had already
// started browsers. Target files are checked where they are loaded (targets/define-target.ts).

/**
 * node's parseArgs reads "--workers -1" as the option --workers followed by an option -1 ("argument is
 * ambiguous", then the whole usage); a negative number after an option that takes a value is that value, so
 * it is joined as "--workers=-1" and refused by the option's own check, which says what to write instead.
 */
export function joinNegativeValues(argv: readonly string[], valueOptions: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const next = argv[i + 1];
    if (arg.startsWith('--') && valueOptions.includes(arg.slice(2)) && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i += 1;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

/** --workers: how many browsers run side by side; 0 would run nothing and a negative count means nothing. */
export function checkWorkers(workers: string): void {
  if (!/^[1-9]\d*$/.test(workers)) throw new InputError(`--workers must be a whole number of parallel browsers, 1 or more, got "${workers}": e.g. --workers 2`);
}

/** --shard I/N: Playwright's own check would come only after it started, with its stack trace. */
export function checkShard(shard: string): void {
  if (!shard) return;
  const match = /^(\d+)\/(\d+)$/.exec(shard);
  if (!match) throw new InputError(`--shard must be I/N (the I-th of N shares), got "${shard}": e.g. --shard 1/3`);
  const [index, total] = [Number(match[1]), Number(match[2])];
  if (total < 1 || index < 1 || index > total) {
    throw new InputError(`--shard ${shard}: the share must be from 1 to the number of shares (${total}), e.g. --shard 1/${Math.max(total, 1)}`);
  }
}

/** --out must be a directory or a path where one can be made: a regular file there failed only after the run. */
export function checkOutDir(out: string): void {
  const outDir = resolve(out);
  if (existsSync(outDir)) {
    if (!statSync(outDir).isDirectory()) throw new InputError(`--out ${out} is a file, not a directory: name a directory (it is created if missing), e.g. --out ${out}-audit`);
    return;
  }
  let parent = dirname(outDir);
  while (!existsSync(parent)) parent = dirname(parent);
  if (!statSync(parent).isDirectory()) throw new InputError(`--out ${out} cannot be created: ${parent} is a file, not a directory; name a directory elsewhere`);
}

/**
 * --target FILE, repeatable: every file loaded (a bad one refused with its own error, which names it) before
 * anything starts; none given: the embedded reference portal.
 */
export async function loadAuditTargets(files: string[], env: NodeJS.ProcessEnv): Promise<AuditTarget[]> {
  if (files.length === 0) return [EMBEDDED_TARGET];
  const targets: AuditTarget[] = [];
  for (const file of files) targets.push({ file: resolve(file), name: (await loadTargetFile(file, env)).name });
  checkDistinctTargets(targets, (t) => files[targets.indexOf(t)] ?? t.file);
  return targets;
}

/**
 * The environment Playwright's config and reporters read the targets from: AUDIT_TARGETS always; AUDIT_TARGET
 * (the fixtures' default target file) only for a run of one file; AUDIT_TARGET_NAME (report environment,
 * summary) the names, only when files were given (else the embedded portal's own label is used).
 */
export function auditTargetsEnv(targets: AuditTarget[], fromFiles: boolean): NodeJS.ProcessEnv {
  return {
    AUDIT_TARGETS: formatAuditTargets(targets),
    AUDIT_TARGET: targets.length === 1 ? (targets[0]?.file ?? '') : '',
    ...(fromFiles ? { AUDIT_TARGET_NAME: targets.map((t) => t.name).join(', ') } : {}),
  };
}

/**
 * What a refusal prints. One of ours (an AuditError: a wrong option, target file or setting) is its message
 * alone, already one line per fact, and never its own stack: where it was thrown says nothing the message does
 * not. With --debug it also shows what it was caused by, with the stack of each cause that is not ours (the
 * error a target file threw at import). Anything else reaching here is a bug, printed with its stack and its
 * causes', --debug or not, for a bug report.
 */
export function describeRefusal(error: unknown, debug: boolean): string {
  if (!(error instanceof Error)) return String(error);
  if (isAuditError(error) && !debug) return error.message;
  const lines: string[] = [];
  for (let e: unknown = error; e instanceof Error; e = e.cause) lines.push(isAuditError(e) ? e.message : (e.stack ?? e.message));
  return lines.join('\ncaused by: ');
}
