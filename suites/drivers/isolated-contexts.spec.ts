import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { tmpdir } from 'node:os';
import { createDriver, createProbeSource } from '../../drivers';
import { IsolatedContexts, probeProfilesOfRun } from '../../drivers/playwright/isolated-contexts';
import type { AuditDriver, Persona, PlaywrightDriverSpec } from '../../drivers/driver';
import { personas } from '../../drivers/personas';
import { profileProcesses } from '../../drivers/profile/processes';
import { firefoxPath } from '../../drivers/playwright/playwright-firefox';
import { auditSettings } from '../../audit/settings';

// A probe (drivers/playwright/isolated-contexts.ts) must be what the replay steps say it is: a client holding
// nothing but the cookies it is given. These prove it against a server that sees what each request carries:
// no cookie, storage or cached page of the run's browser or of an earlier probe reaches a probe, the persona's
// User-Agent does, and closing the source leaves no process and no dir behind.

let server: Server;
let base = '';
let cachedHits = 0;
test.beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    res.setHeader('content-type', 'text/html');
    if (url.pathname === '/set') {
      // A cookie and a localStorage entry, both named after the value.
      res.setHeader('set-cookie', `s=${url.searchParams.get('v')}; Path=/`);
      res.end(`<!doctype html><title>set</title><script>localStorage.setItem('v', ${JSON.stringify(url.searchParams.get('v'))})</script>`);
    } else if (url.pathname === '/cached') {
      cachedHits += 1;
      res.setHeader('cache-control', 'max-age=600');
      res.end(`<!doctype html><title>cached ${cachedHits}</title>`);
    } else {
      // What the request carried, for the page to show.
      const seen = JSON.stringify({ cookie: req.headers.cookie ?? '', ua: req.headers['user-agent'] ?? '' });
      res.end(`<!doctype html><title>echo</title><pre>${seen.replaceAll('<', '&lt;')}</pre>`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const engines = [
  { browser: 'chromium' as const, available: true },
  { browser: 'firefox' as const, available: firefoxPath(auditSettings().executables) !== undefined },
];

const specOf = (browser: 'chromium' | 'firefox', persona: Persona = personas.default): PlaywrightDriverSpec => ({
  backend: 'playwright',
  browser,
  profile: 'fresh-default',
  persona,
  executables: auditSettings().executables,
});

/** What the browser sent with a request to /echo. */
async function sent(driver: AuditDriver): Promise<{ cookie: string; ua: string }> {
  await driver.open(`${base}/echo`);
  return JSON.parse(await driver.text()) as { cookie: string; ua: string };
}
const sentCookies = async (driver: AuditDriver) => (await sent(driver)).cookie;

for (const { browser, available } of engines) {
  test.describe(`${browser} probes`, () => {
    test.skip(!available, `no ${browser} on this machine`);

    test("a probe holds nothing of the run's browser or of an earlier probe: no cookie, no storage, no cached page", async () => {
      const main = createDriver(specOf(browser));
      const probes = createProbeSource(specOf(browser));
      try {
        await main.launch();
        await main.open(`${base}/set?v=main`);
        await main.open(`${base}/cached`);
        const first = probes.next();
        await first.launch();
        await first.open(`${base}/set?v=first`);
        await first.open(`${base}/cached`);
        expect(await sentCookies(first), 'the first probe sends its own cookie only').toBe('s=first');
        const hitsBefore = cachedHits;

        const second = probes.next();
        await second.launch();
        expect(await second.cookies()).toEqual([]);
        expect(await sentCookies(second), 'the second probe sends no cookie').toBe('');
        expect((await second.storage()).origins.flatMap((o) => Object.keys(o.localStorage)), 'no localStorage').toEqual([]);
        await second.open(`${base}/cached`);
        expect(cachedHits, 'the page cached by the browser and the first probe is fetched again').toBe(hitsBefore + 1);

        await second.addCookies([{ name: 's', value: 'given', domain: '127.0.0.1', path: '/', expires: -1, httpOnly: false, secure: false, sameSite: 'Lax' }]);
        expect(await sentCookies(second), 'only the cookie given').toBe('s=given');
        expect(await sentCookies(main), "the run's browser keeps its own").toBe('s=main');
        await first.dispose();
        await second.dispose();
      } finally {
        await main.dispose();
        await probes.close();
      }
    });

    test("a probe sends the persona's User-Agent; closing the source ends its browser and removes its dirs", async () => {
      const probes = new IsolatedContexts(specOf(browser, personas.ie11), { runId: `probe-test-${browser}` });
      const probe = probes.next();
      await probe.launch();
      expect((await sent(probe)).ua).toBe(personas.ie11.userAgent);
      const root = probes.dirsRoot!;
      expect(profileProcesses(root).length, 'the probe browser names its dir on its command line').toBeGreaterThan(0);
      expect(probeProfilesOfRun(`probe-test-${browser}`, tmpdir()), "its Playwright profile is found (Firefox's by the run id, Chromium's by its command line)").toHaveLength(1);
      await probe.dispose();
      await probes.close();
      expect(existsSync(root), 'the probe browser leaves no dir').toBe(false);
      expect(profileProcesses(root), 'nor any process').toEqual([]);
      expect(probeProfilesOfRun(`probe-test-${browser}`, tmpdir()), 'nor a profile').toEqual([]);
    });
  });
}
