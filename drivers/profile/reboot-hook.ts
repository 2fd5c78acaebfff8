import { spawn } from 'node:child_process';
import { z } from 'zod';
import { AuditError } from '../../errors/audit-error';
import { maskSecretParams, type Redactor } from '../../evidence/redact';
import { DriverError } from '../driver-error';
import { atMost } from '../wait';
import type { HookAction, HookReport } from './hook-types';

// A reboot or power cut of a browser the harness cannot reach (a Windows grid node running IE11) is done by a
// command the operator configures: restart the VM, stop it hard, end the node's browsers over ssh. The harness
// only runs it, bounds it, keeps its output as evidence and says clearly when it failed (issue #5).
//
//   AUDIT_REBOOT_HOOK            run through /bin/sh -c for a reboot (and a power cut, unless the next is set)
//   AUDIT_POWER_CUT_HOOK         run for a power cut
//   AUDIT_REBOOT_HOOK_TIMEOUT    seconds a hook may take, default 300 (a VM restart waits for the node to be back)
//   AUDIT_REBOOT_HOOK_PASS_ENV   comma-separated names of further variables the hook gets (e.g. HYPERV_HOST)

export interface RebootHookConfig {
  /** The command line for each action, and the variable it came from (named in errors, never the command itself). */
  commands: Partial<Record<HookAction, { command: string; from: string }>>;
  timeoutMs: number;
  passEnv: string[];
}

export interface HookRequest {
  action: HookAction;
  sessionId: string;
  gridUrl: string;
  /** From findGridNode (drivers/webdriver/grid-node.ts); undefined when the grid could not say. */
  nodeUri?: string;
  /** The profile dir as the node sees it ('' where the browser has none of its own, as IE). */
  profileDir: string;
  browser: string;
}

/** A failed hook: the run is broken, and the report (output tail) is the evidence of why. */
export class RebootHookError extends DriverError {
  constructor(
    message: string,
    readonly report: HookReport,
  ) {
    super('REBOOT_HOOK_FAILED', message);
  }
}

export class RebootHookConfigError extends AuditError {
  readonly code = 'REBOOT_HOOK_CONFIG_INVALID';

  constructor(readonly problems: string[]) {
    super(`bad reboot hook configuration:\n  ${problems.join('\n  ')}`);
  }
}

const DEFAULT_TIMEOUT_S = 300;
const MAX_TIMEOUT_S = 3600;
const KILL_GRACE_MS = 2_000;
const OUTPUT_TAIL_BYTES = 8 * 1024;
/** What a shell command needs to find programs and ssh keys; nothing else of the harness's environment. */
const BASE_ENV = ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR', 'SSH_AUTH_SOCK'];

// An empty variable means "not set", so `AUDIT_REBOOT_HOOK= npm run audit` switches a hook off.
const unsetWhenEmpty = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const command = z.preprocess(unsetWhenEmpty, z.string().optional());
const envSchema = z.object({
  AUDIT_REBOOT_HOOK: command,
  AUDIT_POWER_CUT_HOOK: command,
  AUDIT_REBOOT_HOOK_TIMEOUT: z.preprocess(
    unsetWhenEmpty,
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/, `must be a number of seconds, such as ${DEFAULT_TIMEOUT_S}`)
      .transform(Number)
      .refine((s) => s > 0 && s <= MAX_TIMEOUT_S, `must be above 0 and at most ${MAX_TIMEOUT_S} seconds`)
      .optional(),
  ),
  AUDIT_REBOOT_HOOK_PASS_ENV: z.preprocess(
    unsetWhenEmpty,
    z
      .string()
      .transform((s) => s.split(',').map((name) => name.trim()).filter((name) => name !== ''))
      .refine((names) => names.every((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)), 'must be variable names separated by commas, such as HYPERV_HOST,HYPERV_USER')
      .optional(),
  ),
});

/** The hook configuration in `env`; undefined when no hook is set. Throws RebootHookConfigError listing every bad value. */
export function rebootHookConfig(env: NodeJS.ProcessEnv = process.env): RebootHookConfig | undefined {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new RebootHookConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        return `${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
      }),
    );
  }
  const { AUDIT_REBOOT_HOOK: reboot, AUDIT_POWER_CUT_HOOK: powerCut, AUDIT_REBOOT_HOOK_TIMEOUT: seconds, AUDIT_REBOOT_HOOK_PASS_ENV: passEnv } = parsed.data;
  if (!reboot && !powerCut) {
    // A timeout without a hook is most likely a misspelt hook variable: say so rather than skip reboots silently.
    const orphans = (['AUDIT_REBOOT_HOOK_TIMEOUT', 'AUDIT_REBOOT_HOOK_PASS_ENV'] as const).filter((name) => parsed.data[name] !== undefined);
    if (orphans.length === 0) return undefined;
    throw new RebootHookConfigError(orphans.map((name) => `${name} is set but neither AUDIT_REBOOT_HOOK nor AUDIT_POWER_CUT_HOOK is: set the hook or unset ${name}`));
  }
  const commands: RebootHookConfig['commands'] = {};
  if (reboot) commands.reboot = { command: reboot, from: 'AUDIT_REBOOT_HOOK' };
  // Without its own hook a power cut runs the reboot hook; AUDIT_HOOK_ACTION=power-cut tells it which one.
  commands['power-cut'] = powerCut ? { command: powerCut, from: 'AUDIT_POWER_CUT_HOOK' } : commands.reboot;
  return { commands, timeoutMs: (seconds ?? DEFAULT_TIMEOUT_S) * 1000, passEnv: passEnv ?? [] };
}

/**
 * Runs the configured hook for `request.action` and returns when it has exited (or was killed at the timeout).
 * Throws RebootHookError (REBOOT_HOOK_FAILED) on a non-zero exit, a signal or the timeout; NOT_SUPPORTED when no
 * hook is configured for the action. `redactor` is the run's, so its secrets are masked in the output; without
 * it, token parameters only (the report reaches evidence through the run's redactor anyway).
 */
export async function runRebootHook(
  request: HookRequest,
  env: NodeJS.ProcessEnv = process.env,
  redactor: Pick<Redactor, 'text'> = { text: maskSecretParams },
): Promise<HookReport> {
  const config = rebootHookConfig(env);
  const hook = config?.commands[request.action];
  if (!config || !hook) {
    throw new DriverError('NOT_SUPPORTED', `no ${request.action} hook configured: set AUDIT_REBOOT_HOOK (docs/windows-grid.md)`);
  }
  const run = await runBounded(hook.command, hookEnv(request, config.passEnv, env), config.timeoutMs);
  // Values of passed-through variables (a hypervisor token) are masked too, on top of the run's known secrets.
  const secrets = config.passEnv.map((name) => env[name] ?? '').filter((value) => value.length >= 6);
  const mask = (text: string) => secrets.reduce((out, secret) => out.split(secret).join('••••••'), redactor.text(text));
  const { durationMs, exitCode, signal, timedOut } = run;
  const report: HookReport = { action: request.action, durationMs, exitCode, signal, timedOut, outputTail: mask(run.output.text()) };
  if (exitCode === 0) return report;
  const why = { from: hook.from, lastErr: mask(run.stderr.lastLine()), timeoutMs: config.timeoutMs, path: env.PATH ?? '', spawnError: run.spawnError };
  throw new RebootHookError(failureMessage(report, why), report);
}

function hookEnv(request: HookRequest, passEnv: string[], env: NodeJS.ProcessEnv): Record<string, string> {
  // Only named variables go through: the harness's environment holds test users' passwords and the redaction
  // and signing keys, and a hook may well log its environment.
  const out: Record<string, string> = {};
  for (const name of [...BASE_ENV, ...passEnv]) {
    const value = env[name];
    if (value !== undefined) out[name] = value;
  }
  return {
    ...out,
    AUDIT_HOOK_ACTION: request.action,
    AUDIT_HOOK_SESSION_ID: request.sessionId,
    AUDIT_HOOK_GRID_URL: request.gridUrl,
    AUDIT_HOOK_NODE_URI: request.nodeUri ?? '',
    AUDIT_HOOK_PROFILE_DIR: request.profileDir,
    AUDIT_HOOK_BROWSER: request.browser,
  };
}

interface BoundedRun {
  durationMs: number;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  spawnError?: string;
  output: OutputTail;
  stderr: OutputTail;
}

async function runBounded(commandLine: string, env: Record<string, string>, timeoutMs: number): Promise<BoundedRun> {
  const started = Date.now();
  const output = new OutputTail(OUTPUT_TAIL_BYTES);
  const stderr = new OutputTail(2 * 1024);
  // Its own process group (detached), so the timeout ends everything it started (ssh, pwsh, a sleep in a loop),
  // not only the shell.
  const child = spawn('/bin/sh', ['-c', commandLine], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  child.stdout.on('data', (chunk: Buffer) => output.add(chunk));
  child.stderr.on('data', (chunk: Buffer) => {
    output.add(chunk);
    stderr.add(chunk);
  });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const ended = new Promise<{ code: number | null; signal: string | null; error?: string }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => resolve({ code: null, signal: null, error: error.message }));
  });
  // A harness that exits (Ctrl-C, a crash) mid-hook must not leave a VM restart loop running unseen.
  const onExit = () => killGroup(child.pid, 'SIGKILL');
  process.once('exit', onExit);
  let timedOut = false;
  let grace: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid, 'SIGTERM');
    // A grace period lets ssh or pwsh close their connection cleanly; what ignores SIGTERM gets SIGKILL.
    grace = setTimeout(() => killGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS);
  }, timeoutMs);
  const end = await ended;
  clearTimeout(timer);
  clearTimeout(grace);
  process.removeListener('exit', onExit);
  // The hook is done when its shell exits. Anything it left behind in its group would hold our pipes open
  // (and keep running on its own): it is ended, then the rest of the output is read.
  killGroup(child.pid, 'SIGKILL');
  await atMost(closed, KILL_GRACE_MS);
  const { code, signal, error } = end;
  return { durationMs: Date.now() - started, exitCode: code, signal, timedOut, output, stderr, ...(error ? { spawnError: error } : {}) };
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone
  }
}

interface FailureContext {
  /** The variable the command came from: named instead of the command, which may hold a password. */
  from: string;
  lastErr: string;
  timeoutMs: number;
  path: string;
  spawnError: string | undefined;
}

function failureMessage(report: HookReport, { from, lastErr, timeoutMs, path, spawnError }: FailureContext): string {
  const what = `the ${report.action} hook (${from})`;
  const said = lastErr ? `; its last stderr line: "${lastErr.slice(0, 300)}"` : '; it wrote nothing to stderr';
  if (spawnError) return `${what} could not be started through /bin/sh: ${spawnError}`;
  if (report.timedOut) {
    return (
      `${what} did not finish within ${timeoutMs / 1000} s and was killed with its process group${said}. ` +
      'It must return once the node is back up: raise AUDIT_REBOOT_HOOK_TIMEOUT if a restart takes longer, or find where it waits'
    );
  }
  if (report.exitCode === null) return `${what} was ended by ${report.signal}${said}`;
  const fix =
    report.exitCode === 127
      ? `the shell did not find a program it names: the hook gets PATH=${path} and only ${BASE_ENV.join(', ')} ` +
        'and AUDIT_HOOK_*; name further variables in AUDIT_REBOOT_HOOK_PASS_ENV'
      : report.exitCode === 126
        ? 'a program it names is not executable (chmod +x)'
        : 'run it by hand with the AUDIT_HOOK_* variables set (docs/windows-grid.md) to see why';
  return `${what} failed with exit code ${report.exitCode}${said}. Fix: ${fix}`;
}

/** The last bytes of a child's output: a hook that prints for minutes (a VM console) must not grow without bound. */
class OutputTail {
  private kept = Buffer.alloc(0);
  private dropped = 0;

  constructor(private readonly maxBytes: number) {}

  add(chunk: Buffer): void {
    const all = Buffer.concat([this.kept, chunk]);
    const cut = Math.max(0, all.length - this.maxBytes);
    this.dropped += cut;
    this.kept = all.subarray(cut);
  }

  /**
   * When the front was cut, its first partial line goes too: a secret cut in half there would no longer match
   * the masking that runs on this text, and half a UTF-8 character would show as garbage.
   */
  text(): string {
    const text = this.kept.toString('utf8');
    if (this.dropped === 0) return text;
    const whole = text.slice(text.indexOf('\n') + 1 || text.length);
    return `[${this.dropped + this.kept.length - Buffer.byteLength(whole)} earlier bytes cut]\n${whole}`;
  }

  lastLine(): string {
    return this.text().split('\n').map((line) => line.trim()).filter((line) => line !== '').at(-1) ?? '';
  }
}
