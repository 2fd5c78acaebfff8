import { expect, test } from '@playwright/test';
import { MemoryDriver } from './memory/memory-driver';
import { MemoryPortal, type MemoryBehaviour } from './memory/memory-portal';
import { memoryEvidence } from '../../../evidence/evidence';
import { scenarioById } from '../../../scenarios/catalogue';
import { play } from '../../../scenarios/scenario';
import type { ScenarioResult } from '../../../scenarios/verdict';
import { parseTarget } from '../../../targets/target';
import { BASE_URL, explain, modelTarget, users } from './model';

// A verdict must not depend on how loaded the machine is: a login form that came later than the target's idle
// timeout after the personal data was last seen could be the timeout's doing, so it is broken (TOO_SLOW), never
// passed; personal data seen that late is still a finding. Time is the test's own clock (Date.now moved on
// when the fresh browser of the replay opens the page, as if it took 20 s to start), not a wait.

/** Plays logout-replay with the clock moved on by `lateBySeconds` when each fresh browser opens its first page. */
async function replayLate(lateBySeconds: number, behaviour: MemoryBehaviour = {}): Promise<ScenarioResult> {
  const realNow = Date.now;
  let offset = 0;
  Date.now = () => realNow() + offset;
  try {
    const portal = new MemoryPortal(users, behaviour);
    const target = parseTarget({ ...modelTarget, policy: { ...modelTarget.policy, idleTimeoutSeconds: 15 } });
    class SlowToStart extends MemoryDriver {
      override async open(url: string) {
        if ((await this.pageState()).url === 'about:blank') offset += lateBySeconds * 1000;
        return super.open(url);
      }
    }
    return await play(scenarioById('logout-replay'), {
      target,
      user: target.users[0]!,
      driver: new MemoryDriver(portal, BASE_URL),
      newDriver: () => new SlowToStart(portal, BASE_URL),
      evidence: memoryEvidence(),
    });
  } finally {
    Date.now = realNow;
  }
}

test('a replay answered within the idle timeout passes', async () => {
  const result = await replayLate(5);
  expect(result.verdict, explain(result)).toBe('passed');
});

test('a login form later than the idle timeout is broken (TOO_SLOW), never passed', async () => {
  const result = await replayLate(20);
  expect(result.verdict, explain(result)).toBe('broken');
  expect(result.reason).toMatch(/^TOO_SLOW in step "put the portal's copied cookies into a fresh browser.*idle timeout alone would explain it/);
});

test('personal data seen later than the idle timeout is still a finding', async () => {
  const result = await replayLate(20, { logoutKeepsServerSession: true });
  expect(result.verdict, explain(result)).toBe('failed');
  expect(result.findings.map((f) => f.code)).toEqual(['SESSION_VALID_AFTER_LOGOUT']);
});
