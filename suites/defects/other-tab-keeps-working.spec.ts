import logoutOtherTab from '../../scenarios/logout-other-tab';
import { expectCaught, test } from './defect-test';

test.use({ portalDefects: ['other-tab-keeps-working'] });

test("the other tab's API calls still succeed after logout in the first tab", async ({ runScenario }) => {
  expectCaught(await runScenario(logoutOtherTab, { preset: 'fresh-default', persona: 'default' }), 'other-tab-keeps-working', 'OTHER_TAB_STILL_AUTHENTICATED');
});
