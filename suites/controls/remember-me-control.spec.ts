import logoutRememberMe from '../../scenarios/logout-remember-me';
import { expectControlFailed, injectingOnly, replacingOperation, test } from './control-test';

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

test('remember-me cookies that a fresh browser does not send make logout-remember-me broken, not passed', async ({ runScenario }) => {
  // The copy reaches no fresh browser (a remembered login bound to something the copy lacks looks the same):
  // a refusal of the copy after logout would prove nothing about the server.
  const result = await runScenario(logoutRememberMe, { preset: 'fresh-default', persona: 'default', wrapDriver: injectingOnly(() => false) });
  expectControlFailed(result, /copied remember-me cookies alone log in in a fresh browser.*bound to something besides its persistent cookies/);
});
