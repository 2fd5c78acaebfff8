import { expect, test } from '@playwright/test';
import { atMost } from '../../drivers/wait';

// atMost bounds a wait for an event; once the event came, nothing of the bound may stay behind (a pending
// timer kept a finished bench or script alive for the whole bound, 5 s after every browser's end).

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

test('an event within the bound: its value, and the bound leaves no timer', async () => {
  const before = timers();
  expect(await atMost(Promise.resolve('done'), 60_000)).toBe('done');
  expect(timers()).toBe(before);
});

test('an event past the bound: undefined at the bound', async () => {
  const never = new Promise<string>(() => undefined);
  expect(await atMost(never, 20)).toBeUndefined();
});

test('an event that fails within the bound: the failure, and no timer left', async () => {
  const before = timers();
  await expect(atMost(Promise.reject(new Error('gone')), 60_000)).rejects.toThrow('gone');
  expect(timers()).toBe(before);
});
