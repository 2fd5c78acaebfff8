import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { PlaywrightChromiumDriver } from '../../drivers/playwright/playwright-chromium';
import { personas } from '../../drivers/personas';
import { auditSettings } from '../../audit/settings';

// storage() keeps the last read of origins no open page shows (drivers/playwright/other-origin-storage.ts) to spare a
// hidden navigation per step; these prove the kept read is never stale: whatever a document of another origin
// wrote since, in this tab or another, is in the next snapshot.

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

test("another origin's storage is read again once a document of that origin has run", async () => {
  const driver = new PlaywrightChromiumDriver({ backend: 'playwright', browser: 'chromium', profile: 'fresh-default', persona: personas.default, executables: auditSettings().executables });
  const other = () => `http://localhost:${port}`;
  const valueOnOther = async () => (await driver.storage()).origins.find((o) => o.origin === other())?.localStorage.v;
  try {
    await driver.launch();
    await driver.open(`${other()}/set?v=1`);
    await driver.open(`http://127.0.0.1:${port}/plain`);
    expect(await valueOnOther()).toBe('1');
    expect(await valueOnOther(), 'nothing ran there since: the same').toBe('1');

    await driver.open(`${other()}/set?v=2`); // the same tab on the other origin
    await driver.open(`http://127.0.0.1:${port}/plain`);
    expect(await valueOnOther()).toBe('2');

    await driver.newTab(); // another tab, still open on the other origin while the first is read
    await driver.open(`${other()}/set?v=3`);
    await driver.switchTab(0);
    expect(await valueOnOther()).toBe('3');
  } finally {
    await driver.dispose();
  }
});
