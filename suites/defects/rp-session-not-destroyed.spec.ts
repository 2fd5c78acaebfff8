import logoutPowerCut from '../../scenarios/logout-power-cut';
import logoutReplay from '../../scenarios/logout-replay';
import logoutRevisit from '../../scenarios/logout-revisit';
import { expectCaught, expectClean, EACH_ENGINE, sharedRound, test } from './defect-test';

test.use({ portalDefects: ['rp-session-not-destroyed'] });

test("the portal's copied session cookie still opens the protected page after logout", async ({ runScenario }) => {
  expectCaught(await runScenario(logoutReplay, { preset: 'fresh-default', persona: 'default' }), 'rp-session-not-destroyed', 'SESSION_VALID_AFTER_LOGOUT');
});

test('a plain revisit does not show it: the browser dropped the cookie (why replay exists)', async ({ runInRound }) => {
  expectClean(await runInRound(logoutRevisit, sharedRound, { preset: 'fresh-default', persona: 'default' }), 'the cookie was cleared in the browser, so a revisit alone cannot see this defect');
});

test('a power cut right after logout revives the portal cookie, and the server still accepts it', EACH_ENGINE, async ({ runScenario }) => {
  expectCaught(await runScenario(logoutPowerCut, { preset: 'fresh-default', persona: 'default' }), 'rp-session-not-destroyed', 'SESSION_REVIVED_AFTER_CRASH');
});
