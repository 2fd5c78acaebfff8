import logoutCloseRelaunch from '../../scenarios/logout-close-relaunch';
import logoutReplay from '../../scenarios/logout-replay';
import logoutRevisit from '../../scenarios/logout-revisit';
import logoutSsoSilent from '../../scenarios/logout-sso-silent';
import { expectCaught, expectClean, sharedRound, test } from './defect-test';

test.use({ portalDefects: ['rp-logout-local-only'] });

test('the identity provider still logs the user in silently when the protected page is revisited', async ({ runInRound }) => {
  expectCaught(await runInRound(logoutRevisit, sharedRound, { preset: 'fresh-default', persona: 'default' }), 'rp-logout-local-only', 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT');
});

test("the identity provider's copied session still works after logout", async ({ runScenario }) => {
  expectCaught(await runScenario(logoutReplay, { preset: 'fresh-default', persona: 'default' }), 'rp-logout-local-only', 'IDP_SESSION_VALID_AFTER_LOGOUT');
});

test('negative control for idp-persistent-sso-cookie: a session cookie at the IdP does not survive a clean close', async ({ runScenario }) => {
  expectClean(
    await runScenario(logoutCloseRelaunch, { preset: 'fresh-default', persona: 'default' }),
    'with browser defaults the IdP session cookie is dropped at close, so only a persistent one lets the user back in',
  );
});

test('the identity provider answers prompt=none with a code after logout', async ({ runScenario }) => {
  expectCaught(await runScenario(logoutSsoSilent, { preset: 'fresh-default', persona: 'default' }), 'rp-logout-local-only', 'IDP_SESSION_ALIVE');
});
