import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { auditBrowserById } from '../../drivers/audit-browsers';
import { personaById } from '../../drivers/personas';
import { InputError, isAuditError } from '../../errors/audit-error';
import { scenarioById } from '../../scenarios/catalogue';
import { TargetError } from '../../targets/target';
import { checkOutDir, checkShard, checkWorkers, describeRefusal, joinNegativeValues } from '../../cli/audit-input';

// The audit CLI's option checks, fast (suites/cli/bad-input.spec.ts proves the CLI refuses before anything starts).

test('a negative number after an option that takes a value is that value, not an option', () => {
  expect(joinNegativeValues(['--workers', '-1', '--list'], ['workers', 'out'])).toEqual(['--workers=-1', '--list']);
  expect(joinNegativeValues(['--out', '-x', '--workers=-2'], ['workers', 'out'])).toEqual(['--out', '-x', '--workers=-2']);
  expect(joinNegativeValues(['--list', '-1'], ['workers'])).toEqual(['--list', '-1']);
});

test('--workers must be 1 or more, --shard I/N must have I from 1 to N', () => {
  for (const bad of ['0', '-1', '1.5', 'two', '']) expect(() => checkWorkers(bad)).toThrow(/--workers must be a whole number of parallel browsers, 1 or more/);
  expect(() => checkWorkers('2')).not.toThrow();
  expect(() => checkShard('4/3')).toThrow(/--shard 4\/3: the share must be from 1 to the number of shares \(3\)/);
  expect(() => checkShard('0/3')).toThrow(/--shard 0\/3: the share must be from 1/);
  expect(() => checkShard('1/0')).toThrow(/--shard 1\/0: the share must be from 1/);
  expect(() => checkShard('1-3')).toThrow(/--shard must be I\/N/);
  for (const good of ['', '1/1', '3/3', '2/5']) expect(() => checkShard(good)).not.toThrow();
});

test('--out must be a directory or a path where one can be made', () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-input-'));
  const file = join(dir, 'file');
  writeFileSync(file, '');
  expect(() => checkOutDir(file)).toThrow(/--out .*file is a file, not a directory/);
  expect(() => checkOutDir(join(file, 'out'))).toThrow(/cannot be created: .*file is a file, not a directory/);
  expect(() => checkOutDir(dir)).not.toThrow();
  expect(() => checkOutDir(join(dir, 'new', 'out'))).not.toThrow();
});

test('a refusal of ours is its message alone, never its stack; with --debug its causes, a bug\'s with its stack', () => {
  const error = new TargetError('target file x.ts could not be loaded: boom', { cause: new Error('boom') });
  expect(describeRefusal(error, false)).toBe('target file x.ts could not be loaded: boom');
  expect(describeRefusal(error, true)).toMatch(/^target file x\.ts could not be loaded: boom\ncaused by: Error: boom\n\s+at /);
  expect(describeRefusal(error, true)).not.toContain('TargetError');
});

test('a bad input is an InputError with code INPUT_INVALID, printed without a stack even with --debug', () => {
  const refusals = [() => scenarioById('logout-nowhere'), () => auditBrowserById('netscape'), () => personaById('ie6'), () => checkWorkers('0'), () => checkShard('4/3')];
  for (const refuse of refusals) {
    let caught: unknown;
    try {
      refuse();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect(isAuditError(caught, 'INPUT_INVALID')).toBe(true);
    for (const debug of [false, true]) {
      const printed = describeRefusal(caught, debug);
      expect(printed).toBe((caught as Error).message);
      expect(printed).not.toMatch(/^\s+at /m);
    }
  }
  expect(() => scenarioById('logout-nowhere')).toThrow(/^unknown scenario "logout-nowhere": use one of .*logout-revisit/);
  expect(() => auditBrowserById('netscape')).toThrow(/^unknown browser "netscape": use one of chromium, /);
});

test('an error that is not ours is a bug: printed with its stack, --debug or not', () => {
  const bug = new TypeError('Cannot read properties of undefined');
  for (const debug of [false, true]) expect(describeRefusal(bug, debug)).toMatch(/^TypeError: Cannot read properties of undefined\n\s+at /);
});
