import idleTimeout from '../../scenarios/idle-timeout';
import { expectCaught, test } from './defect-test';

test.use({ portalDefects: ['no-idle-timeout'] });

test('the protected page still opens after the declared idle timeout', async ({ runScenario }) => {
  expectCaught(await runScenario(idleTimeout, { preset: 'fresh-default', persona: 'default' }), 'no-idle-timeout', 'IDLE_TIMEOUT_NOT_ENFORCED');
});
