import logoutRevisit from '../../scenarios/logout-revisit';
import logoutStorageResidue from '../../scenarios/logout-storage-residue';
import { expectCaught, test } from './defect-test';

test.use({ portalDefects: ['token-in-local-storage'] });

test('the token left in localStorage is found after logout', async ({ runScenario }) => {
  expectCaught(await runScenario(logoutStorageResidue, { preset: 'fresh-default', persona: 'default' }), 'token-in-local-storage', 'AUTH_DATA_LEFT_IN_BROWSER');
});

test('the portal signs the user back in from the leftover token', async ({ runScenario }) => {
  expectCaught(await runScenario(logoutRevisit, { preset: 'fresh-default', persona: 'default' }), 'token-in-local-storage', 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT');
});
