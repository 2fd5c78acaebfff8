import { delay } from '../../drivers/wait';
import type { Step } from '../scenario';
import { BrokenError } from '../verdict';

/** Past the declared timeout, so clock granularity and a slow machine cannot make the check pass by luck. */
const MARGIN_MS = 2_000;

/**
 * The user leaves the computer: no request for longer than the target's declared idle timeout. This wait is
 * the scenario itself (the target declares how long), not a guess at how long something takes.
 */
export function stayIdlePastTheTimeout(): Step {
  return {
    title: 'leave the computer idle past the idle timeout',
    async run(ctx) {
      const seconds = ctx.target.policy.idleTimeoutSeconds;
      if (!seconds) throw new BrokenError('PRECONDITION', 'the target declares no idle timeout');
      await delay(seconds * 1000 + MARGIN_MS);
    },
  };
}
