import sessionRotation from '../../scenarios/session-rotation';
import { expectCaught, test } from './defect-test';

test.use({ portalDefects: ['session-fixation'] });

test('the pre-login session id is still the session id after login', async ({ runScenario }) => {
  expectCaught(await runScenario(sessionRotation, { preset: 'fresh-default', persona: 'default' }), 'session-fixation', 'SESSION_NOT_ROTATED');
});
