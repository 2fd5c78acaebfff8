import logoutSsoSilent from '../../scenarios/logout-sso-silent';
import { expectCaught, expectClean, test } from './defect-test';

// A SAML-mode defect: the portal starts as a SAML service provider with its embedded SAML IdP (portal/defects.ts).
test.describe('with the defect', () => {
  test.use({ portalDefects: ['saml-idp-session-kept'] });

  test('the revisit is signed in silently and a passive AuthnRequest gets an assertion after logout', async ({ runScenario }) => {
    expectCaught(await runScenario(logoutSsoSilent, { preset: 'fresh-default', persona: 'default' }), 'saml-idp-session-kept', 'IDP_SESSION_ALIVE');
  });
});

test.describe('negative control', () => {
  test.use({ portalDefects: [], portalIdp: 'saml' });

  test('the clean SAML portal: after single logout the passive AuthnRequest is answered NoPassive', async ({ runScenario }) => {
    expectClean(await runScenario(logoutSsoSilent, { preset: 'fresh-default', persona: 'default' }), 'single logout ends the IdP session, so the passive request finds none');
  });
});
