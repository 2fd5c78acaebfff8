import logoutReplay from '../../scenarios/logout-replay';
import logoutTokenReplay from '../../scenarios/logout-token-replay';
import { expect, expectCaught, expectClean, test } from './defect-test';

test.use({ portalDefects: ['refresh-token-not-revoked'] });

test('the refresh cookie copied before logout still buys access tokens after it', async ({ runScenario }) => {
  const result = await runScenario(logoutTokenReplay, { preset: 'fresh-default', persona: 'default' });
  expectCaught(result, 'refresh-token-not-revoked', 'TOKEN_VALID_AFTER_LOGOUT');
  // One finding per token the pages sent (each page load gets its own); every one is this request's.
  for (const { seen } of result.findings) expect(seen).toMatch(/\/api\/auth\/session with only its cookie vp\.refresh \(Path=\/api\/auth\): HTTP 200$/);
});

test("a replay of the portal's cookies in a browser does not show it: the pages need the ended portal session", async ({ runScenario }) => {
  expectClean(await runScenario(logoutReplay, { preset: 'fresh-default', persona: 'default' }), 'only the token endpoint honours the refresh cookie');
});
