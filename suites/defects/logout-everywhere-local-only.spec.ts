import logoutEverywhere from '../../scenarios/logout-everywhere';
import { expectCaught, test } from './defect-test';

test.use({ portalDefects: ['logout-everywhere-local-only'] });

test('"log out everywhere" leaves the second computer logged in', async ({ runScenario }) => {
  expectCaught(await runScenario(logoutEverywhere, { preset: 'fresh-default', persona: 'default' }), 'logout-everywhere-local-only', 'OTHER_DEVICE_STILL_AUTHENTICATED');
});
