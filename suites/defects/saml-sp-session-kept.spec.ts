import logoutRevisit from '../../scenarios/logout-revisit';
import { expectCaught, expectClean, sharedRound, test } from './defect-test';

// A SAML-mode defect: the portal starts as a SAML service provider with its embedded SAML IdP (portal/defects.ts).
test.describe('with the defect', () => {
  test.use({ portalDefects: ['saml-sp-session-kept'] });

  test("single logout ended the IdP's session, yet the portal's own session still opens Mina sidor", async ({ runInRound }) => {
    expectCaught(await runInRound(logoutRevisit, sharedRound, { preset: 'fresh-default', persona: 'default' }), 'saml-sp-session-kept', 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT');
  });
});

test.describe('negative control', () => {
  test.use({ portalDefects: [], portalIdp: 'saml' });

  test('the clean SAML portal asks for a login when Mina sidor is revisited after logout', async ({ runInRound }) => {
    expectClean(await runInRound(logoutRevisit, sharedRound, { preset: 'fresh-default', persona: 'default' }), "logout ends the portal's own session as well as the IdP's");
  });
});
