import logoutSsoSilent from '../../scenarios/logout-sso-silent';
import { expectCaught, test } from './defect-test';

// A SAML-mode defect: the portal starts as a SAML service provider with its embedded SAML IdP (portal/defects.ts).
test.describe('with the defect', () => {
  test.use({ portalDefects: ['saml-slo-ignored'] });

  test('the IdP said Success to the LogoutRequest, yet a passive AuthnRequest still gets an assertion', async ({ runScenario }) => {
    expectCaught(await runScenario(logoutSsoSilent, { preset: 'fresh-default', persona: 'default' }), 'saml-slo-ignored', 'IDP_SESSION_ALIVE');
  });
});

// Its negative control, the clean SAML portal through the same scenario, is saml-idp-session-kept.spec.ts's:
// the same run twice would prove nothing more.
