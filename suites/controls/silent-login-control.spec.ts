import logoutSsoSilent from '../../scenarios/logout-sso-silent';
import { describedAs, expectControlFailed, test } from './control-test';

test('a client id the identity provider does not know makes logout-sso-silent broken, not passed', async ({ runScenario }) => {
  const result = await runScenario(logoutSsoSilent, {
    preset: 'fresh-default',
    persona: 'default',
    adjustTarget: describedAs((t) => ({ idp: { ...t.idp!, clientId: 'no-such-client' } })),
  });
  expectControlFailed(result, /prompt=none is answered with a code while logged in.*idp\.clientId/);
});
