import logoutStorageResidue from '../../scenarios/logout-storage-residue';
import { describedAs, expectControlFailed, test } from './control-test';

test('session cookie names the portal never sets make logout-storage-residue broken, not passed', async ({ runScenario }) => {
  const result = await runScenario(logoutStorageResidue, {
    preset: 'fresh-default',
    persona: 'default',
    adjustTarget: describedAs(() => ({ sessionCookies: ['no-such-cookie'] })),
  });
  expectControlFailed(result, /login put its session into the browser.*sessionCookies/);
});
