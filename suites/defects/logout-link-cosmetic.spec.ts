import logoutBackButton from '../../scenarios/logout-back-button';
import logoutRevisit from '../../scenarios/logout-revisit';
import logoutSsoSilent from '../../scenarios/logout-sso-silent';
import type { Target } from '../../targets/target';
import { expect, expectCaught, sharedRound, test } from './defect-test';

test.use({ portalDefects: ['logout-link-cosmetic'] });

test('the "logged out" page is shown but the protected page still opens', async ({ runInRound }) => {
  expectCaught(await runInRound(logoutRevisit, sharedRound, { preset: 'fresh-default', persona: 'default' }), 'logout-link-cosmetic', 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT');
});

// Codes by evidence: the session that survived is the portal's own, and the page comes live from the server.

test("back and reload show the page the surviving session serves live: a session finding, not a cache finding", async ({ runScenario }) => {
  const result = await runScenario(logoutBackButton, { preset: 'fresh-default', persona: 'default' });
  expectCaught(result, 'logout-link-cosmetic', 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT');
  expect(result.findings.map((f) => f.code)).not.toContain('AUTHENTICATED_PAGE_CACHED');
  expect(result.findings[0]?.seen).toMatch(/the server itself still serves the personal data/);
});

test("the portal's own surviving session is no identity provider finding", async ({ runScenario }) => {
  const result = await runScenario(logoutSsoSilent, { preset: 'fresh-default', persona: 'default' });
  expectCaught(result, 'logout-link-cosmetic', 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT');
  // The revisit was served by the portal's session; the IdP's session, alive too here (this logout ends nothing),
  // is reported only where it was seen: by the prompt=none request itself.
  const byStep = result.findings.map((f) => `${f.step}: ${f.code}`);
  expect(byStep).toEqual([
    'expect a new login to be required: LOGIN_NOT_REQUIRED_AFTER_LOGOUT',
    'ask the identity provider to log in silently (prompt=none, after logout): IDP_SESSION_ALIVE',
  ]);
});

test('described without an identity provider, logout-sso-silent is skipped, never an IdP finding', async ({ runScenario }) => {
  const withoutIdp = ({ idp: _idp, ...rest }: Target): Target => rest as Target;
  const result = await runScenario(logoutSsoSilent, { preset: 'fresh-default', persona: 'default', adjustTarget: withoutIdp });
  expect({ verdict: result.verdict, findings: result.findings }).toEqual({ verdict: 'skipped', findings: [] });
  expect(result.reason).toMatch(/declares no identity provider/);
});
