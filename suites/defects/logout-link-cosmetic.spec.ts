import logoutRevisit from '../../scenarios/logout-revisit';
import { expectCaught, test } from './defect-test';

test.use({ portalDefects: ['logout-link-cosmetic'] });

test('the "logged out" page is shown but the protected page still opens', async ({ runScenario }) => {
  expectCaught(await runScenario(logoutRevisit, { preset: 'fresh-default', persona: 'default' }), 'logout-link-cosmetic', 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT');
});
