import logoutTokenReplay from '../../scenarios/logout-token-replay';
import { expectControlFailed, replacingOperation, test } from './control-test';

test('a bearer token the API refuses even while logged in makes logout-token-replay broken, not passed', async ({ runScenario }) => {
  // The recorded Authorization headers carry a token the portal never issued (a driver that records headers
  // wrongly, or an API that wants more than the token): refused before logout as after it.
  const result = await runScenario(logoutTokenReplay, {
    preset: 'fresh-default',
    persona: 'default',
    wrapDriver: replacingOperation('allExchanges', (real) => async () =>
      (await real.allExchanges()).map((e) => (e.requestAuthorization ? { ...e, requestAuthorization: 'Bearer never-issued-token' } : e)),
    ),
  });
  expectControlFailed(result, /replayed from outside the browser, is accepted while logged in.*Bearer token: HTTP 401/);
});
