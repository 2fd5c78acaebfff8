import logoutStorageResidue from '../../scenarios/logout-storage-residue';
import logoutTokenReplay from '../../scenarios/logout-token-replay';
import { expect, expectCaught, expectClean, sharedRound, test } from './defect-test';

test.use({ portalDefects: ['access-token-valid-after-logout'] });

test('the Bearer access token the page sent before logout still reads the prescriptions after it', async ({ runScenario }) => {
  const result = await runScenario(logoutTokenReplay, { preset: 'fresh-default', persona: 'default' });
  expectCaught(result, 'access-token-valid-after-logout', 'TOKEN_VALID_AFTER_LOGOUT');
  // One finding per token the pages sent (each page load gets its own); every one is this request's.
  for (const { seen } of result.findings) expect(seen).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/api\/recept with only its Bearer token: HTTP 200$/);
});

test('the browser keeps nothing of it (why a replay from outside is needed)', async ({ runInRound }) => {
  expectClean(await runInRound(logoutStorageResidue, sharedRound, { preset: 'fresh-default', persona: 'default' }), 'logout cleared the stored token; only the server still honours a copy');
});
