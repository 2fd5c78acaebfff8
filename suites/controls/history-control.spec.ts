import type { AuditDriver } from '../../drivers/driver';
import logoutBackButton from '../../scenarios/logout-back-button';
import { expectControlFailed, test } from './control-test';

/** A real driver whose back button does nothing: the protected page is never reached from the history. */
function withoutHistory(real: AuditDriver): AuditDriver {
  return new Proxy(real, {
    get(target, key) {
      if (key === 'back') return () => target.pageState();
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

test('a back button that never reaches the protected page makes logout-back-button broken, not passed', async ({ runScenario }) => {
  const result = await runScenario(logoutBackButton, { preset: 'fresh-default', persona: 'default', wrapDriver: withoutHistory });
  expectControlFailed(result, /back button reaches the protected page again/);
});
