import { scenario } from './scenario';
import { expectLoginRequired, login, openProtectedPage, revisitProtectedPage, stayIdlePastTheTimeout } from './steps';

export default scenario({
  id: 'idle-timeout',
  title: 'after the declared idle timeout a new login is required',
  refs: ['WSTG-SESS-07', 'ASVS-3.3.2'],
  findingCodes: ['IDLE_TIMEOUT_NOT_ENFORCED'],
  requires: [],
  waitsOutIdleTimeout: true,
  applies: (target) => (target.policy.idleTimeoutSeconds ? undefined : 'the target declares no idle timeout'),
  steps: [login(), openProtectedPage(), stayIdlePastTheTimeout(), revisitProtectedPage(), expectLoginRequired('IDLE_TIMEOUT_NOT_ENFORCED')],
});
