import logoutOtherTab from '../../scenarios/logout-other-tab';
import { describedAs, expectControlFailed, test } from './control-test';

test('an API path the portal refuses even while logged in makes logout-other-tab broken, not passed', async ({ runScenario }) => {
  const result = await runScenario(logoutOtherTab, {
    preset: 'fresh-default',
    persona: 'default',
    adjustTarget: describedAs((t) => ({ api: { ...t.api!, path: '/api/no-such-endpoint' } })),
  });
  expectControlFailed(result, /API call from this tab succeeds while logged in.*api\.path/);
});
