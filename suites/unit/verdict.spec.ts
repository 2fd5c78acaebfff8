import { expect, test } from '@playwright/test';
import { decideVerdict, type CheckRecord, type Finding } from '../../scenarios/verdict';

const passed: CheckRecord = { step: 'expect', check: 'login required', outcome: 'passed', seen: 'login form' };
const finding: Finding = { code: 'SESSION_SURVIVED_RESTART', message: 'm', expected: 'e', seen: 's', step: 'expect' };

test('a scenario passes only when a check positively saw what it expected', () => {
  expect(decideVerdict([], [passed], undefined)).toEqual({ verdict: 'passed', code: 'PASSED' });
});

test('a scenario that made no check is broken, never passed', () => {
  expect(decideVerdict([], [], undefined).verdict).toBe('broken');
  // A premise (logged in) is no proof about logout.
  expect(decideVerdict([], [{ ...passed, check: 'logged in', outcome: 'premise' }], undefined).verdict).toBe('broken');
});

test('a scenario whose every check found nothing to test is skipped with the reasons, never passed', () => {
  const absent: CheckRecord = { step: 'replay', check: 'bearer tokens refused after logout', outcome: 'not-applicable', seen: 'the pages sent no bearer token' };
  const premise: CheckRecord = { ...passed, check: 'logged in', outcome: 'premise' };
  expect(decideVerdict([], [premise, absent], undefined)).toEqual({
    verdict: 'skipped',
    code: 'NOT_APPLICABLE',
    reason: 'nothing to test here: bearer tokens refused after logout: the pages sent no bearer token',
  });
});

test('a finding fails the scenario even when the harness broke afterwards', () => {
  const result = decideVerdict([finding], [passed], { code: 'BROWSER_DIED', reason: 'browser died' });
  expect(result.verdict).toBe('failed');
  expect(result.reason).toContain('browser died');
});

test('a harness error without a finding is broken, even after passed checks', () => {
  expect(decideVerdict([], [passed], { code: 'LOGIN_FAILED', reason: 'LOGIN_FAILED in step "log in": …' })).toEqual({ verdict: 'broken', code: 'LOGIN_FAILED', reason: 'LOGIN_FAILED in step "log in": …' });
});

test('a refusal that passed without its positive control is broken, never passed (CONTROL_MISSING)', () => {
  const refusal: CheckRecord = { ...passed, check: 'API refuses after logout', control: 'control: the API call from this tab succeeds while logged in' };
  const result = decideVerdict([], [passed, refusal], undefined);
  expect(result.verdict).toBe('broken');
  expect(result.reason).toMatch(/^CONTROL_MISSING.*API refuses after logout.*API call from this tab succeeds/);
  const control: CheckRecord = { step: 'call', check: 'control', outcome: 'control', seen: 'HTTP 200', control: refusal.control! };
  expect(decideVerdict([], [passed, control, refusal], undefined)).toEqual({ verdict: 'passed', code: 'PASSED' });
});

test('a control line alone proves nothing: it is no passed check', () => {
  const control: CheckRecord = { step: 'call', check: 'control', outcome: 'control', seen: 'HTTP 200', control: 'c' };
  expect(decideVerdict([], [control], undefined).verdict).toBe('broken');
});
