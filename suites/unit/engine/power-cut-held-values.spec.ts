import { expect, test } from '@playwright/test';
import type { AuditCookie, AuditDriver } from '../../../drivers/driver';
import type { ScenarioContext, ScenarioMemoryKeys } from '../../../scenarios/scenario';
import { findRevivedCookies } from '../../../scenarios/steps/browser';

// A session cookie rewritten on every response (a sliding expiry) has many values while logged in; the browser
// wrote one of them to disk, not necessarily the one it held when the harness last read the jar. After the
// power cut that earlier value is a pre-logout credential all the same: the control holds, nothing is broken.

const sid = (value: string): AuditCookie => ({ name: 'sid', value, domain: '127.0.0.1', path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Lax' });

test('an earlier value of a rolling session cookie, brought back by the power cut, counts as held before logout', async () => {
  const memory = new Map<keyof ScenarioMemoryKeys, unknown>([
    ['jarOnDisk', [sid('rolled-3')]],
    ['heldBeforeLogout', { cookies: ['rolled-1', 'rolled-2', 'rolled-3'].map((value) => ({ name: 'sid', value })), storage: [] }],
  ]);
  const controls: string[] = [];
  const driver = { cookies: async () => [sid('rolled-2')] } as Partial<AuditDriver>;
  const ctx = { driver, memory, control: (_: string, seen: string) => controls.push(seen) } as unknown as ScenarioContext;
  await findRevivedCookies().run(ctx);
  expect(controls).toEqual(['sid@127.0.0.1 (in the jar)']);
  expect((memory.get('revivedCookies') as AuditCookie[]).map((c) => c.value)).toEqual(['rolled-2']);
});
