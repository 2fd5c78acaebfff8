import logoutReplay from '../../scenarios/logout-replay';
import logoutRevisit from '../../scenarios/logout-revisit';
import { expectCaught, test } from './defect-test';

test.use({ portalDefects: ['rp-logout-local-only'] });

test('the identity provider still logs the user in silently when the protected page is revisited', async ({ runScenario }) => {
  expectCaught(await runScenario(logoutRevisit, { preset: 'fresh-default', persona: 'default' }), 'rp-logout-local-only', 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT');
});

test("the identity provider's copied session still works after logout", async ({ runScenario }) => {
  expectCaught(await runScenario(logoutReplay, { preset: 'fresh-default', persona: 'default' }), 'rp-logout-local-only', 'IDP_SESSION_VALID_AFTER_LOGOUT');
});
