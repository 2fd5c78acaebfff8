import { expect, test } from '@playwright/test';
import { MemoryDriver } from './memory/memory-driver';
import { MemoryPortal } from './memory/memory-portal';
import { memoryEvidence } from '../../../evidence/evidence';
import { play, scenario, type Step } from '../../../scenarios/scenario';
import { NothingToTest } from '../../../scenarios/verdict';
import { parseTarget } from '../../../targets/target';
import { BASE_URL, modelTarget, users } from './model';

// A step that finds the rest of its scenario has nothing to test here ends the run skipped with its reason:
// never broken (the harness did not fail), never passed (nothing was proven), and no later step runs.

test('a step that throws NothingToTest ends the run skipped with that reason, and no later step runs', async () => {
  let laterRan = false;
  const nothing: Step = {
    title: 'find nothing to test',
    run: async () => {
      throw new NothingToTest('login brought back by the power cut', 'the browser never wrote it to disk');
    },
  };
  const later: Step = { title: 'a later step', run: async () => void (laterRan = true) };
  const target = parseTarget(modelTarget, 'the model target');
  const portal = new MemoryPortal(users);
  const result = await play(scenario({ id: 'nothing-to-test', title: 't', refs: [], findingCodes: [], requires: [], steps: [nothing, later] }), {
    target,
    user: target.users[0]!,
    driver: new MemoryDriver(portal, BASE_URL),
    newDriver: () => new MemoryDriver(portal, BASE_URL),
    evidence: memoryEvidence(),
  });
  expect(result).toMatchObject({ verdict: 'skipped', code: 'NOT_APPLICABLE', reason: 'nothing to test here: login brought back by the power cut: the browser never wrote it to disk' });
  expect(laterRan).toBe(false);
});
