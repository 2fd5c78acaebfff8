import { expect, test } from '@playwright/test';
import { watchUntilSettled, type PageSample } from '../../drivers/page-settle';

// A page still booting (no sign of either kind yet) is waited for up to firstSignalMs; once it shows a sign it
// settles within maxMs. Without that, a heavy app on a loaded machine read as "unrecognised" (broken).

/** A page that shows nothing for `bootMs`, then the login form, unchanged. */
function bootingPage(bootMs: number): () => Promise<PageSample> {
  const started = Date.now();
  return async () => {
    const booted = Date.now() - started >= bootMs;
    return { holding: booted ? ['login-required'] : [], version: booted ? 'form' : 'blank', busy: false };
  };
}

test('a page that shows its first sign after maxMs is still judged, within firstSignalMs', async () => {
  const observation = await watchUntilSettled(bootingPage(300), { quietMs: 50, maxMs: 100, firstSignalMs: 5_000 }, 10);
  expect(observation).toMatchObject({ seen: ['login-required'], last: 'login-required', settled: true });
});

test('without firstSignalMs, maxMs from the start bounds the wait for a first sign', async () => {
  const observation = await watchUntilSettled(bootingPage(5_000), { quietMs: 50, maxMs: 100 }, 10);
  expect(observation).toMatchObject({ seen: [], last: null, settled: false });
});
