import cookieAttributes from '../../scenarios/cookie-attributes';
import logoutCloseRelaunch from '../../scenarios/logout-close-relaunch';
import { expectCaught, EACH_ENGINE, sharedRound, test } from './defect-test';

// A persistent IdP cookie alone does no harm while logout ends the IdP session; combined with a portal that
// never calls end_session (the 1177 shape) it keeps the user logged in across a browser restart. The negative
// control (the same portal with a session cookie at the IdP passes) is in rp-logout-local-only.spec.ts.
test.use({ portalDefects: ['idp-persistent-sso-cookie', 'rp-logout-local-only'] });

test('the SSO session survives closing and reopening a browser with default settings', EACH_ENGINE, async ({ runScenario }) => {
  expectCaught(await runScenario(logoutCloseRelaunch, { preset: 'fresh-default', persona: 'default' }), 'idp-persistent-sso-cookie', 'SESSION_SURVIVED_RESTART');
});

test("the identity provider's session cookie is seen to carry an expiry", async ({ runInRound }) => {
  expectCaught(await runInRound(cookieAttributes, sharedRound, { preset: 'fresh-default', persona: 'default' }), 'idp-persistent-sso-cookie', 'PERSISTENT_SESSION_COOKIE');
});
