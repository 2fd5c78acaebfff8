import { expect, test } from '@playwright/test';
import { playUntilPremiseHeld } from '../../audit/run-scenario';
import type { ResultCode, ScenarioResult, Verdict } from '../../scenarios/verdict';

// A run whose premise the machine's speed spoilt (the browser wrote its logged-out state before the power cut)
// is played again from the start; nothing else is, and a finding never.

function result(verdict: Verdict, code: ResultCode, reason?: string): ScenarioResult {
  return { scenario: 'logout-power-cut', browser: 'firefox', driver: 'playwright:firefox', preset: 'fresh-default', persona: 'default', verdict, code, findings: [], checks: [], ...(reason ? { reason } : {}), durationMs: 1 };
}

/** Plays that return these results in turn, and how many were played. */
function plays(...results: ScenarioResult[]): { playOnce: () => Promise<ScenarioResult>; count: () => number } {
  let played = 0;
  return {
    playOnce: async () => {
      const next = results[played];
      played++;
      if (!next) throw new Error('played more often than the test expected');
      return next;
    },
    count: () => played,
  };
}

const late = result('broken', 'CUT_CAME_LATE', 'CUT_CAME_LATE in step "see which…": the browser brought back none of the pre-logout cookies');

test('a spoilt premise is played again, and the verdict of the play that held names the plays before it', async () => {
  const run = plays(late, result('failed', 'SESSION_REVIVED_AFTER_CRASH'));
  const final = await playUntilPremiseHeld(run.playOnce);
  expect(run.count()).toBe(2);
  expect(final.verdict).toBe('failed');
  expect(final.checks[0]).toMatchObject({ outcome: 'premise', check: 'the run was played again from the start', seen: expect.stringContaining('play 1 ended broken: CUT_CAME_LATE') });
});

test('a premise spoilt at every play ends broken after three plays, never passed', async () => {
  const run = plays(late, late, late);
  const extensions: number[] = [];
  const final = await playUntilPremiseHeld(run.playOnce, (spentMs) => extensions.push(spentMs));
  expect(run.count()).toBe(3);
  expect(extensions, 'the test gets more time before each play again, none after the last').toHaveLength(2);
  expect(final).toMatchObject({ verdict: 'broken', code: 'CUT_CAME_LATE' });
  expect(final.checks[0]?.seen).toMatch(/play 1 ended broken.*; play 2 ended broken/);
});

for (const [what, once] of [
  ['a finding', result('failed', 'SESSION_REVIVED_AFTER_CRASH')],
  ['a pass', result('passed', 'PASSED')],
  ['any other broken run', result('broken', 'PRECONDITION', 'PRECONDITION in step "…": the browser brought back none of the pre-logout cookies')],
] as const) {
  test(`${what} is the verdict as it came: played once, nothing added`, async () => {
    const run = plays(once);
    expect(await playUntilPremiseHeld(run.playOnce)).toBe(once);
    expect(run.count()).toBe(1);
  });
}
