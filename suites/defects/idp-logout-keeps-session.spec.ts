import logoutReplay from '../../scenarios/logout-replay';
import logoutRevisit from '../../scenarios/logout-revisit';
import logoutSsoSilent from '../../scenarios/logout-sso-silent';
import { expectCaught, sharedRound, test } from './defect-test';

test.use({ portalDefects: ['idp-logout-keeps-session'] });

test('revisiting the protected page logs the user in again through the surviving SSO session', async ({ runInRound }) => {
  expectCaught(await runInRound(logoutRevisit, sharedRound, { preset: 'fresh-default', persona: 'default' }), 'idp-logout-keeps-session', 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT');
});

test("the identity provider's copied session still works after logout", async ({ runScenario }) => {
  expectCaught(await runScenario(logoutReplay, { preset: 'fresh-default', persona: 'default' }), 'idp-logout-keeps-session', 'IDP_SESSION_VALID_AFTER_LOGOUT');
});

test('the identity provider answers prompt=none with a code after logout', async ({ runScenario }) => {
  expectCaught(await runScenario(logoutSsoSilent, { preset: 'fresh-default', persona: 'default' }), 'idp-logout-keeps-session', 'IDP_SESSION_ALIVE');
});
