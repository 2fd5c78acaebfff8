import sharedComputer from '../../scenarios/shared-computer';
import { describedAs, expectControlFailed, expect, test } from './control-test';

test("a display name the portal never shows makes shared-computer broken, not passed", async ({ runScenario }) => {
  const result = await runScenario(sharedComputer, {
    preset: 'fresh-default',
    persona: 'default',
    adjustTarget: describedAs((t) => ({ users: [{ ...t.users[0]!, displayName: 'Nobody Atall' }, ...t.users.slice(1)] })),
  });
  expectControlFailed(result, /previous user's name is on their own page.*displayName/);
});

test("a next person whose login does not work makes shared-computer broken, not passed", async ({ runScenario }) => {
  const result = await runScenario(sharedComputer, {
    preset: 'fresh-default',
    persona: 'default',
    adjustTarget: describedAs((t) => ({ users: [t.users[0]!, { ...t.users[1]!, password: 'not-the-password' }] })),
  });
  expect({ verdict: result.verdict, findings: result.findings }).toEqual({ verdict: 'broken', findings: [] });
  expect(result.reason).toMatch(/^LOGIN_FAILED in step "the next person logs in"/);
});
