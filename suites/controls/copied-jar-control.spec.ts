import { cookieBelongsTo } from '../../evidence/cookie-parts';
import logoutReplay from '../../scenarios/logout-replay';
import { expectControlFailed, injectingOnly, test } from './control-test';

test("copied portal cookies that a fresh browser does not send make logout-replay broken, not passed", async ({ runScenario }) => {
  const result = await runScenario(logoutReplay, { preset: 'fresh-default', persona: 'default', wrapDriver: injectingOnly(() => false) });
  expectControlFailed(result, /portal's copied cookies open the personal data/);
});

test("copied identity provider cookies that a fresh browser does not send make logout-replay broken, not passed", async ({ runScenario }) => {
  // 127.0.0.1 is the portal, localhost the identity provider (portal/start.ts).
  const result = await runScenario(logoutReplay, {
    preset: 'fresh-default',
    persona: 'default',
    wrapDriver: injectingOnly((c) => !cookieBelongsTo(c, 'localhost')),
  });
  expectControlFailed(result, /identity provider's copied cookies log in silently/);
});
