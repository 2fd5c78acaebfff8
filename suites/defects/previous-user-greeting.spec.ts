import sharedComputer from '../../scenarios/shared-computer';
import { expectCaught, test } from './defect-test';

test.use({ portalDefects: ['previous-user-greeting'] });

test("the next person at the computer is greeted with the previous user's name", async ({ runScenario }) => {
  expectCaught(await runScenario(sharedComputer, { preset: 'fresh-default', persona: 'default' }), 'previous-user-greeting', 'PREVIOUS_USER_VISIBLE');
});
