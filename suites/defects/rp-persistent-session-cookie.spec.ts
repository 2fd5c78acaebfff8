import closeWithoutLogout from '../../scenarios/close-without-logout';
import cookieAttributes from '../../scenarios/cookie-attributes';
import { expectCaught, EACH_ENGINE, sharedRound, test } from './defect-test';

test.use({ portalDefects: ['rp-persistent-session-cookie'] });

test("the portal's session cookie is seen to carry an expiry", async ({ runInRound }) => {
  expectCaught(await runInRound(cookieAttributes, sharedRound, { preset: 'fresh-default', persona: 'default' }), 'rp-persistent-session-cookie', 'PERSISTENT_SESSION_COOKIE');
});

test('the session survives closing the browser without logout, with browser defaults', EACH_ENGINE, async ({ runScenario }) => {
  expectCaught(await runScenario(closeWithoutLogout, { preset: 'fresh-default', persona: 'default' }), 'rp-persistent-session-cookie', 'SESSION_SURVIVED_CLOSE');
});
