import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { PlaywrightChromiumDriver } from '../../drivers/playwright/playwright-chromium';
import { personas } from '../../drivers/personas';
import { auditSettings } from '../../audit/settings';

// storage() reads the open tabs' origins in place, each by its own document, and opens no page for an origin
// no tab shows (Playwright's storageState() did, on every step: issue 35); storageOf() reads such an origin when a
// step asks for it, so what a document of another origin wrote is never out of reach.

let server: Server;
let port = 0;
test.beforeAll(async () => {
  // /set?v=X writes localStorage.v = X on whichever origin serves it (127.0.0.1 and localhost are two origins).
  server = createServer((req, res) => {
    const v = new URL(req.url ?? '/', 'http://x').searchParams.get('v');
    res.setHeader('content-type', 'text/html');
    res.end(v ? `<!doctype html><title>set</title><script>localStorage.setItem('v', ${JSON.stringify(v)})</script>` : '<!doctype html><title>plain</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test("storage() reads every open tab's origin in place, and storageOf() an origin no tab shows", async () => {
  const driver = new PlaywrightChromiumDriver({ backend: 'playwright', browser: 'chromium', profile: 'fresh-default', persona: personas.default, executables: auditSettings().executables });
  const other = () => `http://localhost:${port}`;
  const valueOnOther = async () => (await driver.storage()).origins.find((o) => o.origin === other())?.localStorage.v;
  try {
    await driver.launch();
    await driver.open(`${other()}/set?v=1`);
    await driver.newTab(); // the first tab stays on the other origin while this one is read
    await driver.open(`http://127.0.0.1:${port}/plain`);
    const tabs = await driver.storage();
    expect(tabs.origins.map((o) => o.origin), 'the current tab first').toEqual([`http://127.0.0.1:${port}`, other()]);
    expect(await valueOnOther()).toBe('1');

    await driver.switchTab(0);
    await driver.open(`${other()}/set?v=2`);
    await driver.open(`http://127.0.0.1:${port}/plain`); // now no tab shows the other origin
    expect(await valueOnOther(), 'no hidden page opened for it').toBeUndefined();
    expect((await driver.storageOf(other()))?.localStorage.v).toBe('2');
  } finally {
    await driver.dispose();
  }
});
