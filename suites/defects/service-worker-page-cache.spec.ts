import logoutBackButton from '../../scenarios/logout-back-button';
import logoutStorageResidue from '../../scenarios/logout-storage-residue';
import { expectCaught, EACH_ENGINE, sharedRound, test } from './defect-test';

test.use({ portalDefects: ['service-worker-page-cache'] });

test('the service worker serves the personal page after logout', EACH_ENGINE, async ({ runScenario }) => {
  expectCaught(await runScenario(logoutBackButton, { preset: 'fresh-default', persona: 'default' }), 'service-worker-page-cache', 'AUTHENTICATED_PAGE_CACHED');
});

test('the service worker and its cache are left in the browser after logout', async ({ runInRound }) => {
  expectCaught(await runInRound(logoutStorageResidue, sharedRound, { preset: 'fresh-default', persona: 'default' }), 'service-worker-page-cache', 'AUTH_DATA_LEFT_IN_BROWSER');
});
