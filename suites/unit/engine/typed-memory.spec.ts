import { expect, test } from '@playwright/test';
import type { AuditCookie } from '../../../drivers/driver';
import type { ScenarioMemory } from '../../../scenarios/scenario';
import '../../../scenarios/catalogue'; // every step module, and so every key it declares
import { explain, playOnModel } from './model';

// What steps hand to later steps is typed by key (ScenarioMemoryKeys, declared next to each step): a wrong key
// or a value of the wrong type is a tsc error (`npx tsc -p .` checks the lines marked @ts-expect-error below,
// which fail the type check if they ever compile), and at run time it is the same Map it always was.

/** Never called: the lines tsc must refuse. */
export function misuses(memory: ScenarioMemory, jar: AuditCookie[]): void {
  // @ts-expect-error a key no step declares
  memory.set('jarOnDsk', jar);
  // @ts-expect-error a value of another key's type
  memory.set('lastSeenLoggedInAt', jar);
  // @ts-expect-error get answers the declared type or undefined, never any
  const wrong: string = memory.get('lastSeenLoggedInAt');
  void wrong;
}

test('scenario memory takes only declared keys, each with its own type, and is a Map at run time', () => {
  const memory: ScenarioMemory = new Map();
  const jar: AuditCookie[] = [];
  memory.set('jarOnDisk', jar);
  memory.set('lastSeenLoggedInAt', 1);
  const seen: number | undefined = memory.get('lastSeenLoggedInAt');
  expect([seen, memory.get('jarOnDisk'), memory.get('visit')]).toEqual([1, jar, undefined]);
});

test('the steps hand their values on as before: a visit judged, a jar replayed, a device logged out', async () => {
  for (const id of ['logout-revisit', 'logout-replay', 'logout-everywhere', 'logout-storage-residue', 'session-rotation', 'logout-power-cut']) {
    const { result } = await playOnModel(id);
    expect(result.verdict, explain(result)).toBe('passed');
  }
});
