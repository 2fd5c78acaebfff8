import { expect, test } from '@playwright/test';
import type { ScenarioContext } from '../../scenarios/scenario';
import { judgeVisit, type Visit } from '../../scenarios/steps/expect-login';
import { idleTimeoutCouldExplain, sawLoggedIn } from '../../scenarios/steps/session-clock';

// A login form seen later than the portal's idle timeout after the session was last in use proves nothing about
// logout (measured: on a loaded grid a replay came after the timeout and a portal that keeps sessions passed).

function context(idleTimeoutSeconds: number | undefined) {
  const checks: string[] = [];
  const findings: string[] = [];
  const ctx = {
    target: { policy: { idleTimeoutSeconds } },
    user: { id: 'tolvan' },
    memory: new Map<string, unknown>(),
    pass: (check: string) => checks.push(check),
    finding: (code: string) => findings.push(code),
  } as unknown as ScenarioContext;
  return { ctx, checks, findings };
}

/** The personal data seen `secondsAgo` ago. */
function seenLoggedIn(ctx: ScenarioContext, secondsAgo: number): void {
  const realNow = Date.now;
  Date.now = () => realNow() - secondsAgo * 1000;
  try {
    sawLoggedIn(ctx);
  } finally {
    Date.now = realNow;
  }
}

const loginForm: Visit = { kind: 'login-required', state: { url: 'http://127.0.0.1/login', status: 200, title: '' } };
const personalData: Visit = { kind: 'logged-in', state: { url: 'http://127.0.0.1/mina-sidor', status: 200, title: '' } };

test('a login form within the idle timeout is a pass', () => {
  const { ctx, checks } = context(15);
  seenLoggedIn(ctx, 5);
  judgeVisit(ctx, loginForm, 'SESSION_VALID_AFTER_LOGOUT', { check: 'cookies worthless' });
  expect(checks).toEqual(['cookies worthless']);
});

test('a login form after the idle timeout is undecided (TOO_SLOW), never a pass', () => {
  const { ctx, checks } = context(15);
  seenLoggedIn(ctx, 16);
  expect(() => judgeVisit(ctx, loginForm, 'SESSION_VALID_AFTER_LOGOUT', { check: 'cookies worthless' })).toThrow(/idle timeout alone would explain it/);
  expect(checks).toEqual([]);
});

test('personal data after the idle timeout is still a finding, and the idle-timeout scenario itself is exempt', () => {
  const slow = context(15);
  seenLoggedIn(slow.ctx, 40);
  judgeVisit(slow.ctx, personalData, 'SESSION_VALID_AFTER_LOGOUT', { check: 'cookies worthless' });
  expect(slow.findings).toEqual(['SESSION_VALID_AFTER_LOGOUT']);
  judgeVisit(slow.ctx, loginForm, 'IDLE_TIMEOUT_NOT_ENFORCED', { check: 'login required after the idle timeout' });
  expect(slow.checks).toEqual(['login required after the idle timeout']);
});

test('no declared idle timeout, or nothing seen yet: nothing to hold against a pass', () => {
  const none = context(undefined);
  seenLoggedIn(none.ctx, 600);
  expect(idleTimeoutCouldExplain(none.ctx)).toBeUndefined();
  expect(idleTimeoutCouldExplain(context(15).ctx)).toBeUndefined();
});
