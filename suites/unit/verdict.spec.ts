import { expect, test } from '@playwright/test';
import { decideVerdict, type CheckRecord, type Finding } from '../../scenarios/verdict';

const passed: CheckRecord = { step: 'expect', check: 'login required', outcome: 'passed', seen: 'login form' };
const finding: Finding = { code: 'SESSION_SURVIVED_RESTART', message: 'm', expected: 'e', seen: 's', step: 'expect' };

test('a scenario passes only when a check positively saw what it expected', () => {
  expect(decideVerdict([], [passed], undefined)).toEqual({ verdict: 'passed' });
});

test('a scenario that made no check is broken, never passed', () => {
  expect(decideVerdict([], [], undefined).verdict).toBe('broken');
  expect(decideVerdict([], [{ ...passed, outcome: 'not-applicable' }], undefined).verdict).toBe('broken');
});

test('a finding fails the scenario even when the harness broke afterwards', () => {
  const result = decideVerdict([finding], [passed], 'browser died');
  expect(result.verdict).toBe('failed');
  expect(result.reason).toContain('browser died');
});

test('a harness error without a finding is broken, even after passed checks', () => {
  expect(decideVerdict([], [passed], 'LOGIN_FAILED')).toEqual({ verdict: 'broken', reason: 'LOGIN_FAILED' });
});
