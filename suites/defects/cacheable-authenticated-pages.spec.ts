import logoutBackButton from '../../scenarios/logout-back-button';
import { expectCaught, EACH_ENGINE, test } from './defect-test';

test.use({ portalDefects: ['cacheable-authenticated-pages'] });

test('the personal page may be stored, and the back button shows it after logout', EACH_ENGINE, async ({ runScenario }) => {
  expectCaught(await runScenario(logoutBackButton, { preset: 'fresh-default', persona: 'default' }), 'cacheable-authenticated-pages', 'AUTHENTICATED_PAGE_CACHED');
});
