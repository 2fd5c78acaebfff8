import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { Browser, Builder } from 'selenium-webdriver';
import { DriverError } from '../../drivers/driver-error';
import { findGridNode } from '../../drivers/webdriver/grid-node';
import { personas } from '../../drivers/personas';
import { profileProcesses } from '../../drivers/profile/processes';
import { createProfileDirs, removeProfileDirs } from '../../drivers/profile/profile-dirs';
import { RebootHookConfigError, RebootHookError, rebootHookConfig, runRebootHook, type HookRequest } from '../../drivers/profile/reboot-hook';
import { chromiumOptions } from '../../drivers/webdriver/selenium-capabilities';
import { createRedactor } from '../../evidence/redact';
import { findJava, startGrid } from '../../grid/start-grid';

// The operator's reboot hook (issue #5): configuration, what the command gets, how failures and hangs end,
// masking of its output; and, where Java is installed, the example hook against a real loopback grid.

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'reboot-hook-spec-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

const request: HookRequest = {
  action: 'reboot',
  sessionId: 'sess-42',
  gridUrl: 'http://127.0.0.1:4444',
  nodeUri: 'http://127.0.0.1:5555',
  profileDir: '/tmp/logout-audit-x/profile',
  browser: 'internet-explorer',
};

/** An environment with only PATH and the hook: what the harness's process.env would hold, minus everything else. */
const hookEnv = (hook: string, more: Record<string, string> = {}) => ({ PATH: process.env.PATH, AUDIT_REBOOT_HOOK: hook, ...more });

async function failure(promise: Promise<unknown>): Promise<RebootHookError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(RebootHookError);
  return error as RebootHookError;
}

/**
 * True while a process exists and is not a zombie (a zombie has ended; only its parent has not reaped it).
 * Polled by the tests: SIGKILL to another process is delivered asynchronously, so right after the kill the
 * child may still be listed for a moment; a sleep 60 that really survived stays listed far past the bound.
 */
function alive(pid: number): boolean {
  const status = (() => {
    try {
      return readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch {
      return 'State:\tX (gone)';
    }
  })();
  return !/^State:\s+[ZX]/m.test(status);
}

test.describe('configuration', () => {
  test('no hook set means no hook; an empty variable counts as unset', () => {
    expect(rebootHookConfig({})).toBeUndefined();
    expect(rebootHookConfig({ AUDIT_REBOOT_HOOK: '  ' })).toBeUndefined();
  });

  test('defaults: 300 s, and a power cut runs the reboot hook', () => {
    expect(rebootHookConfig({ AUDIT_REBOOT_HOOK: 'ssh node restart' })).toEqual({
      commands: { reboot: { command: 'ssh node restart', from: 'AUDIT_REBOOT_HOOK' }, 'power-cut': { command: 'ssh node restart', from: 'AUDIT_REBOOT_HOOK' } },
      timeoutMs: 300_000,
      passEnv: [],
    });
    const own = rebootHookConfig({ AUDIT_REBOOT_HOOK: 'a', AUDIT_POWER_CUT_HOOK: 'b', AUDIT_REBOOT_HOOK_TIMEOUT: '1.5', AUDIT_REBOOT_HOOK_PASS_ENV: 'HV_HOST, HV_USER' });
    expect(own).toMatchObject({ commands: { 'power-cut': { command: 'b', from: 'AUDIT_POWER_CUT_HOOK' } }, timeoutMs: 1500, passEnv: ['HV_HOST', 'HV_USER'] });
  });

  for (const [value, says] of [
    ['abc', 'must be a number of seconds'],
    ['-5', 'must be a number of seconds'],
    ['0', 'must be above 0 and at most 3600 seconds'],
    ['7200', 'must be above 0 and at most 3600 seconds'],
  ] as const) {
    test(`AUDIT_REBOOT_HOOK_TIMEOUT=${value} is refused with its value and the rule`, () => {
      expect(() => rebootHookConfig({ AUDIT_REBOOT_HOOK: 'x', AUDIT_REBOOT_HOOK_TIMEOUT: value })).toThrow(`AUDIT_REBOOT_HOOK_TIMEOUT="${value}": ${says}`);
    });
  }

  test('every bad value gets its own line; a timeout without a hook is called out (a misspelt hook variable)', () => {
    const error = (() => {
      try {
        rebootHookConfig({ AUDIT_REBOOT_HOOK: 'x', AUDIT_REBOOT_HOOK_TIMEOUT: 'soon', AUDIT_REBOOT_HOOK_PASS_ENV: 'OK,not-a-name' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(RebootHookConfigError);
    expect((error as RebootHookConfigError).problems).toEqual([
      'AUDIT_REBOOT_HOOK_TIMEOUT="soon": must be a number of seconds, such as 300',
      'AUDIT_REBOOT_HOOK_PASS_ENV="OK,not-a-name": must be variable names separated by commas, such as HYPERV_HOST,HYPERV_USER',
    ]);
    expect(() => rebootHookConfig({ AUDIT_REBOOT_HOOK_TIMEOUT: '60' })).toThrow(
      'AUDIT_REBOOT_HOOK_TIMEOUT is set but neither AUDIT_REBOOT_HOOK nor AUDIT_POWER_CUT_HOOK is',
    );
  });

  test('running without a hook for the action is NOT_SUPPORTED, not a failed hook', async () => {
    const error = await runRebootHook(request, { AUDIT_POWER_CUT_HOOK: 'true' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DriverError);
    expect(error).not.toBeInstanceOf(RebootHookError);
    expect((error as DriverError).code).toBe('NOT_SUPPORTED');
  });
});

test.describe('running the hook', () => {
  test('the hook gets the AUDIT_HOOK_* variables and passed-through ones, never the rest of the environment', async () => {
    const out = join(dir, 'env.txt');
    const env = hookEnv(`env > '${out}'`, { AUDIT_REBOOT_HOOK_PASS_ENV: 'HV_HOST', HV_HOST: 'hyperv01', PORTAL_USER_PASSWORD: 'must-not-pass' });
    const report = await runRebootHook({ ...request, action: 'power-cut' }, env);
    expect(report).toMatchObject({ action: 'power-cut', exitCode: 0, signal: null, timedOut: false });
    const seen = Object.fromEntries(readFileSync(out, 'utf8').trim().split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2)));
    expect(seen).toMatchObject({
      AUDIT_HOOK_ACTION: 'power-cut',
      AUDIT_HOOK_SESSION_ID: 'sess-42',
      AUDIT_HOOK_GRID_URL: 'http://127.0.0.1:4444',
      AUDIT_HOOK_NODE_URI: 'http://127.0.0.1:5555',
      AUDIT_HOOK_PROFILE_DIR: '/tmp/logout-audit-x/profile',
      AUDIT_HOOK_BROWSER: 'internet-explorer',
      HV_HOST: 'hyperv01',
    });
    expect(seen).not.toHaveProperty('PORTAL_USER_PASSWORD');
    expect(seen).not.toHaveProperty('AUDIT_REBOOT_HOOK');
  });

  test('a failing hook is REBOOT_HOOK_FAILED with its exit code and last stderr line', async () => {
    const error = await failure(runRebootHook(request, hookEnv('echo starting; echo "VM not found: node7" >&2; exit 3')));
    expect(error.code).toBe('REBOOT_HOOK_FAILED');
    expect(error.message).toContain('the reboot hook (AUDIT_REBOOT_HOOK) failed with exit code 3');
    expect(error.message).toContain('its last stderr line: "VM not found: node7"');
    expect(error.report).toMatchObject({ exitCode: 3, timedOut: false });
    expect(error.report.outputTail).toBe('starting\nVM not found: node7\n');
  });

  test('a program the shell cannot find (exit 127) gets the PATH hint', async () => {
    const error = await failure(runRebootHook(request, hookEnv('no-such-hypervisor-cli restart')));
    expect(error.report.exitCode).toBe(127);
    expect(error.message).toContain('did not find a program');
    expect(error.message).toContain('AUDIT_REBOOT_HOOK_PASS_ENV');
  });

  test('a hanging hook is killed at the timeout with its whole process group, even what ignores SIGTERM', async () => {
    const pids = join(dir, 'pids');
    const hang = `trap '' TERM; echo $$ > '${pids}'; sleep 60 & echo $! >> '${pids}'; wait`;
    const started = Date.now();
    const error = await failure(runRebootHook(request, hookEnv(hang, { AUDIT_REBOOT_HOOK_TIMEOUT: '1' })));
    const took = Date.now() - started;
    expect(error.report).toMatchObject({ exitCode: null, timedOut: true });
    expect(error.message).toContain('did not finish within 1 s and was killed with its process group');
    expect(took).toBeGreaterThanOrEqual(1000);
    expect(took, 'timeout plus the SIGTERM grace, not the 60 s sleep').toBeLessThan(15_000);
    const hookPids = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    expect(hookPids).toHaveLength(2);
    await expect.poll(() => hookPids.filter(alive), { message: 'no process of the hook survives', timeout: 5_000 }).toEqual([]);
  });

  test('a hook that exits leaving a background child returns at once, and the child is ended', async () => {
    const pid = join(dir, 'pid');
    const started = Date.now();
    const report = await runRebootHook(request, hookEnv(`sleep 60 & echo $! > '${pid}'; echo done`));
    expect(report).toMatchObject({ exitCode: 0, outputTail: 'done\n' });
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect.poll(() => alive(Number(readFileSync(pid, 'utf8'))), { timeout: 5_000 }).toBe(false);
  });

  test('secrets in the output are masked: registered ones, token parameters, passed-through values', async () => {
    const redactor = createRedactor(); // the run's, as the driver hands it over
    redactor.register('Hemligt-Lösen-2026!');
    const say = "echo 'typed Hemligt-Lösen-2026! into the console'; echo 'GET https://idp.example/cb?access_token=eyJraw.tok.sig&x=1'; echo \"token $HV_TOKEN\" >&2; exit 1";
    const error = await failure(runRebootHook(request, hookEnv(say, { AUDIT_REBOOT_HOOK_PASS_ENV: 'HV_TOKEN', HV_TOKEN: 'hv-token-9f8e7d' }), redactor));
    const everything = `${error.message}\n${error.report.outputTail}`;
    expect(everything).not.toMatch(/Hemligt|eyJraw|hv-token-9f8e7d/);
    expect(error.report.outputTail).toContain('typed •••••• into the console');
    expect(error.report.outputTail).toMatch(/access_token=h:[0-9a-f]{12}&x=1/);
    expect(error.message).toContain('its last stderr line: "token ••••••"');
  });

  test('the output tail is bounded and keeps the end, whole lines only', async () => {
    const report = await runRebootHook(request, hookEnv('i=0; while [ $i -lt 3000 ]; do echo "console line $i"; i=$((i+1)); done'));
    expect(Buffer.byteLength(report.outputTail)).toBeLessThanOrEqual(8 * 1024 + 40);
    expect(report.outputTail).toMatch(/^\[\d+ earlier bytes cut\]\nconsole line \d+\n/);
    expect(report.outputTail.endsWith('console line 2999\n')).toBe(true);
  });
});

test.describe('on a real loopback grid', () => {
  test.skip(!findJava(), 'needs Java 11+ for the Selenium server jar');

  test('the node is found while the session lives, and the example hook ends the node browser\'s processes', async () => {
    test.setTimeout(120_000);
    const grid = await startGrid();
    const dirs = createProfileDirs();
    const session = await new Builder()
      .usingServer(grid.url)
      .forBrowser(Browser.CHROME)
      .setChromeOptions(chromiumOptions({ userDataDir: dirs.profile, persona: personas.default }))
      .build();
    try {
      const sessionId = (await session.getSession()).getId();
      // Standalone: the node is the grid's own server (measured; with a hub it is the node's own port).
      const nodeUri = await findGridNode(grid.url, sessionId);
      expect(nodeUri).toBe(grid.url);
      expect(await findGridNode(grid.url, 'no-such-session')).toBeUndefined();
      expect(profileProcesses(dirs.profile).length).toBeGreaterThan(1);

      const hook = `node --import tsx '${resolve('scripts/hooks/loopback-node-reboot.ts')}'`;
      const report = await runRebootHook({ action: 'reboot', sessionId, gridUrl: grid.url, nodeUri, profileDir: dirs.profile, browser: 'chromium' }, hookEnv(hook));
      expect(report.exitCode).toBe(0);
      expect(report.outputTail).toContain(`reboot of ${dirs.profile} (node ${grid.url}, session ${sessionId})`);
      expect(profileProcesses(dirs.profile), 'the hook ended every process of the node\'s browser').toEqual([]);

      // The harness quits the browserless session after the hook; the grid then forgets it (within a moment:
      // the removal is asynchronous), which is why the node is looked up before the quit, not after.
      await session.quit();
      await expect.poll(() => findGridNode(grid.url, sessionId), { timeout: 10_000 }).toBeUndefined();
    } finally {
      await session.quit().catch(() => undefined);
      await grid.stop();
      removeProfileDirs(dirs);
    }
  });

  test('an unreachable grid gives no node, not an error', async () => {
    expect(await findGridNode('http://127.0.0.1:1', 'sess', 2_000)).toBeUndefined();
  });
});
