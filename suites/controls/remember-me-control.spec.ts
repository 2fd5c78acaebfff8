import logoutRememberMe from '../../scenarios/logout-remember-me';
import { expectControlFailed, replacingOperation, test } from './control-test';

test('a "remember me" box that is never really ticked makes logout-remember-me broken, not passed', async ({ runScenario }) => {
  // The box stays unticked (a target naming the wrong checkbox looks the same): the IdP session is transient,
  // gone with the restart, and a refusal after logout would prove nothing about "remember me".
  const result = await runScenario(logoutRememberMe, {
    preset: 'fresh-default',
    persona: 'default',
    wrapDriver: replacingOperation('check', (real) => (selector: string) => real.check(selector, false)),
  });
  expectControlFailed(result, /"remember me" keeps the user logged in across a browser restart.*login\.remember/);
});
