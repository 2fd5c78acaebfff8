import logoutPowerCut from '../../scenarios/logout-power-cut';
import logoutRevisit from '../../scenarios/logout-revisit';
import logoutStorageResidue from '../../scenarios/logout-storage-residue';
import { expect, expectCaught, EACH_ENGINE, sharedRound, test } from './defect-test';

test.use({ portalDefects: ['token-in-local-storage'] });
// In order in one worker: the first two read their results from one shared round.
test.describe.configure({ mode: 'default' });

test('the token left in localStorage is found after logout', EACH_ENGINE, async ({ runInRound }) => {
  expectCaught(await runInRound(logoutStorageResidue, sharedRound, { preset: 'fresh-default', persona: 'default' }), 'token-in-local-storage', 'AUTH_DATA_LEFT_IN_BROWSER');
});

test('the portal signs the user back in from the leftover token', async ({ runInRound }) => {
  expectCaught(await runInRound(logoutRevisit, sharedRound, { preset: 'fresh-default', persona: 'default' }), 'token-in-local-storage', 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT');
});

test('after a power cut the finding names the stored token, not the revived cookies the server refused', async ({ runScenario }) => {
  const result = await runScenario(logoutPowerCut, { preset: 'fresh-default', persona: 'default' });
  expectCaught(result, 'token-in-local-storage', 'SESSION_REVIVED_AFTER_CRASH');
  const finding = result.findings.find((f) => f.code === 'SESSION_REVIVED_AFTER_CRASH');
  expect(finding?.message).toMatch(/revived cookies alone .* were refused/);
  expect(finding?.message).toContain('vp.accessToken');
});
