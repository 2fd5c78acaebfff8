import { expect, test } from '@playwright/test';
import { BrowserNotFoundError } from '../../drivers/browsers';
import { DriverError } from '../../drivers/driver-error';
import { PrefsNotAppliedError } from '../../drivers/playwright/playwright-firefox';
import { RebootHookConfigError, RebootHookError } from '../../drivers/profile/reboot-hook';
import { AuditError, InputError, isAuditError } from '../../errors/audit-error';
import { GridError } from '../../grid/start-grid';
import { ManifestError } from '../../reports/manifest';
import { MergeRefused } from '../../reports/merge-runs';
import { BrokenError, UndecidedError } from '../../scenarios/verdict';
import { TargetError } from '../../targets/target';

// Every error the project throws on purpose has one base and a stable code, so the CLI and the verdict rules
// can branch on the code, and a stack names the class.

const report = { action: 'reboot', durationMs: 1, exitCode: 1, signal: null, timedOut: false, outputTail: '' } as const;
const errors: [AuditError, string, string][] = [
  [new TargetError('t.ts is not valid'), 'TargetError', 'TARGET_INVALID'],
  [new InputError('unknown scenario "x"'), 'InputError', 'INPUT_INVALID'],
  [new BrokenError('LOGIN_FAILED', 'no login form'), 'BrokenError', 'LOGIN_FAILED'],
  [new UndecidedError('CONTROL_FAILED in step "x"'), 'UndecidedError', 'UNDECIDED'],
  [new DriverError('PROCESS_SURVIVED', 'pid 7 still runs'), 'DriverError', 'PROCESS_SURVIVED'],
  [new RebootHookError('the hook failed', report), 'RebootHookError', 'REBOOT_HOOK_FAILED'],
  [new RebootHookConfigError(['AUDIT_REBOOT_HOOK_TIMEOUT is not a number']), 'RebootHookConfigError', 'REBOOT_HOOK_CONFIG_INVALID'],
  [new BrowserNotFoundError('no Chromium found'), 'BrowserNotFoundError', 'BROWSER_NOT_FOUND'],
  [new PrefsNotAppliedError('prefs not taken'), 'PrefsNotAppliedError', 'PREFS_NOT_APPLIED'],
  [new GridError('JAVA_NOT_FOUND', 'no java'), 'GridError', 'JAVA_NOT_FOUND'],
  [new ManifestError('not a manifest'), 'ManifestError', 'MANIFEST_INVALID'],
  [new MergeRefused('shard 2/3 given twice'), 'MergeRefused', 'MERGE_REFUSED'],
];

for (const [error, name, code] of errors) {
  test(`${name} is an AuditError with code ${code}, named in its stack`, () => {
    expect(error).toBeInstanceOf(AuditError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(code);
    expect(error.name).toBe(name);
    expect(error.stack?.startsWith(`${name}: `)).toBe(true);
  });
}

test('isAuditError tells ours from any other error, and by code when codes are given', () => {
  const merge = new MergeRefused('x');
  expect(isAuditError(merge)).toBe(true);
  expect(isAuditError(merge, 'MERGE_REFUSED', 'MANIFEST_INVALID')).toBe(true);
  expect(isAuditError(merge, 'MANIFEST_INVALID')).toBe(false);
  expect(isAuditError(Object.assign(new Error('x'), { code: 'MERGE_REFUSED' }), 'MERGE_REFUSED')).toBe(false);
  expect(isAuditError('MERGE_REFUSED')).toBe(false);
});

test('a cause given to an AuditError is kept', () => {
  const cause = new Error('ENOENT');
  expect(new TargetError('t.ts cannot be read', { cause }).cause).toBe(cause);
});
