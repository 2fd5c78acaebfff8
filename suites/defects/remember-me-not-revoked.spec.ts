import logoutRememberMe from '../../scenarios/logout-remember-me';
import logoutRevisit from '../../scenarios/logout-revisit';
import { expect, expectCaught, expectClean, EACH_ENGINE, sharedRound, test } from './defect-test';

test.use({ portalDefects: ['remember-me-not-revoked'] });

test('with "Kom ihåg mig" ticked, logout and a browser restart let the user in again', EACH_ENGINE, async ({ runScenario }) => {
  const result = await runScenario(logoutRememberMe, { preset: 'fresh-default', persona: 'default' });
  expectCaught(result, 'remember-me-not-revoked', 'REMEMBER_ME_SURVIVED_LOGOUT');
  // Both refusal checks see it: the restarted browser and the copied remember-me cookies in a fresh one.
  expect(result.findings.map((f) => f.step)).toEqual([
    'expect a new login to be required, "remember me" notwithstanding',
    'put the remember-me cookies copied before logout into a fresh browser and open the protected page',
  ]);
});

test('without "Kom ihåg mig" the same logout ends everything (why the scenario ticks the box)', async ({ runInRound }) => {
  expectClean(await runInRound(logoutRevisit, sharedRound, { preset: 'fresh-default', persona: 'default' }), 'an unticked box makes a transient session, which the defect does not keep');
});
