import logoutCloseRelaunch from '../../scenarios/logout-close-relaunch';
import logoutRevisit from '../../scenarios/logout-revisit';
import { expectCaught, expectClean, sharedRound, test } from './defect-test';

// The 1177 Vårdguiden reproduction: only Internet Explorer users stayed logged in.
test.use({ portalDefects: ['ua-trident-logout-skipped'] });

test('an IE11 user is let back in when revisiting after logout', async ({ runInRound }) => {
  expectCaught(await runInRound(logoutRevisit, sharedRound, { preset: 'fresh-default', persona: 'ie11' }), 'ua-trident-logout-skipped', 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT');
});

test('an IE11 user who restores the session is let back in after a browser restart', async ({ runScenario }) => {
  expectCaught(await runScenario(logoutCloseRelaunch, { preset: 'restore-session', persona: 'ie11' }), 'ua-trident-logout-skipped', 'SESSION_SURVIVED_RESTART');
});

test('negative control: a user of another browser is logged out properly', async ({ runInRound }) => {
  expectClean(await runInRound(logoutRevisit, sharedRound, { preset: 'fresh-default', persona: 'default' }), 'the defect branches on the User-Agent: other browsers must be unaffected');
});
