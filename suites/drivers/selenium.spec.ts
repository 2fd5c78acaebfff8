import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import type { BrowserProfile } from '../../drivers/driver';
import { personas } from '../../drivers/personas';
import { profileProcesses } from '../../drivers/profile/processes';
import { SeleniumChromiumDriver } from '../../drivers/webdriver/selenium-chromium';
import type { SeleniumSession } from '../../drivers/webdriver/selenium-session';
import { findJava, startGrid, type RunningGrid } from '../../grid/start-grid';

// The Selenium backend against the same tiny loopback page as conformance.spec.ts: a session cookie (no
// Expires/Max-Age) and a persistent one. Locally through /usr/bin/chromedriver, and through a real Selenium
// Grid 4 started from the npm jar.

let server: http.Server;
let url: string;

test.beforeAll(async () => {
  server = http.createServer((_req, res) => {
    res.setHeader('Set-Cookie', ['session_c=one; Path=/; HttpOnly', 'persistent_c=two; Path=/; Max-Age=3600']);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Type', 'text/html');
    res.end('<title>selenium</title><script>localStorage.setItem("k", "v"); sessionStorage.setItem("s", "t")</script>ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A browser on a fresh profile that has loaded the page once; ended and deleted afterwards. */
async function onThePage(
  profile: BrowserProfile,
  body: (driver: SeleniumSession) => Promise<void>,
  gridUrl?: string,
): Promise<void> {
  const driver = new SeleniumChromiumDriver({ backend: 'selenium', browser: 'chromium', profile, persona: personas.default, gridUrl });
  try {
    await driver.launch();
    test.info().annotations.push({ type: 'session start', description: `${driver.lastSessionStartMs} ms` });
    await driver.open(url);
    await body(driver);
  } finally {
    await driver.dispose();
  }
}

async function cookieNames(driver: SeleniumSession): Promise<string[]> {
  return (await driver.cookies()).map((c) => c.name).sort();
}

test('a persistent cookie survives quit and a new session; a session cookie does not under browser defaults', async () => {
  await onThePage('fresh-default', async (driver) => {
    expect(await driver.pageState()).toMatchObject({ url, status: 200, title: 'selenium' });
    expect(await cookieNames(driver)).toEqual(['persistent_c', 'session_c']);
    const [page] = (await driver.takeExchanges()).filter((e) => e.url === url);
    expect(page, 'the page response comes from the performance log').toMatchObject({ status: 200, resourceType: 'document' });
    expect(page?.responseHeaders['cache-control']).toBe('no-store');
    expect(page?.setCookies).toEqual(['session_c=one; Path=/; HttpOnly', 'persistent_c=two; Path=/; Max-Age=3600']);
    await driver.close();
    expect(profileProcesses(driver.profileDir), 'a clean close leaves no process').toEqual([]);
    await driver.relaunch();
    expect(await cookieNames(driver)).toEqual(['persistent_c']);
  });
});

test('a session cookie survives quit and a new session under restore-session (measured with chromedriver)', async () => {
  await onThePage('restore-session', async (driver) => {
    await driver.close();
    await driver.relaunch();
    expect(await cookieNames(driver)).toEqual(['persistent_c', 'session_c']);
  });
});

test('a reboot ends every process of the profile, wipes nothing of the profile and starts a new session on it', async () => {
  await onThePage('fresh-default', async (driver) => {
    expect((await driver.storage()).origins[0]).toMatchObject({ origin: url.slice(0, -1), localStorage: { k: 'v' }, sessionStorage: { s: 't' } });
    const before = profileProcesses(driver.profileDir);
    expect(before.length).toBeGreaterThan(1);
    await driver.reboot();
    const after = profileProcesses(driver.profileDir);
    expect(after.filter((pid) => before.includes(pid)), 'no process of the old browser survives').toEqual([]);
    expect(driver.running).toBe(true);
    await driver.open(url);
    expect(await driver.text()).toContain('ok');
  });
});

test('dispose ends every process and deletes the profile, which holds session cookies', async () => {
  const driver = new SeleniumChromiumDriver({ backend: 'selenium', browser: 'chromium', profile: 'restore-session', persona: personas.default });
  await driver.launch();
  await driver.open(url);
  await driver.dispose();
  expect(profileProcesses(driver.profileDir)).toEqual([]);
  expect(existsSync(driver.profileDir)).toBe(false);
  await driver.dispose(); // twice is harmless
});

test.describe('through a Selenium Grid', () => {
  let grid: RunningGrid | undefined;

  test.beforeAll(async () => {
    test.skip(!findJava(), 'no java on this machine: the Selenium Grid needs Java 11+');
    test.setTimeout(90_000);
    // Two nodes, so a relaunch can land on the wrong one (a hub's slot selector alternates between idle nodes).
    grid = await startGrid({ nodes: 2 });
  });

  test.afterAll(async () => {
    await grid?.stop();
  });

  test('a grid session keeps the persistent cookie across quit and a new session, and declares what it cannot do', async () => {
    await onThePage(
      'fresh-default',
      async (driver) => {
        test.info().annotations.push({ type: 'grid ready', description: `${grid?.readyMs} ms` });
        expect(driver.name).toBe('selenium:chromium@grid');
        expect(driver.capabilities).toMatchObject({ persistentProfile: true, killProcesses: false, allOriginCookies: true });
        expect(driver.capabilities.limits.killProcesses).toMatch(/configure a reboot hook/);
        await expect(driver.reboot()).rejects.toThrow(/cannot reboot/);
        expect(await cookieNames(driver)).toEqual(['persistent_c', 'session_c']);
        await driver.close();
        await driver.relaunch();
        expect(await cookieNames(driver)).toEqual(['persistent_c']);
      },
      grid?.url,
    );
  });

  /** Where four relaunches in a row start, for a driver whose profile the grid node keeps (or this machine). */
  async function nodesOfRelaunches(nodeProfileDir: string | undefined): Promise<string[]> {
    const driver = new SeleniumChromiumDriver({ backend: 'selenium', browser: 'chromium', profile: 'fresh-default', persona: personas.default, gridUrl: grid?.url, ...(nodeProfileDir ? { nodeProfileDir } : {}) });
    const names: string[] = [];
    try {
      await driver.launch();
      for (let i = 0; i < 4; i++) {
        names.push((await driver.gridNodeNow())?.name ?? 'unknown');
        await driver.close();
        await driver.relaunch();
      }
      names.push((await driver.gridNodeNow())?.name ?? 'unknown');
    } finally {
      await driver.dispose();
    }
    return names;
  }

  test('a profile kept on a grid node is relaunched on that node, by the name in its stereotype', async () => {
    // A profile "on the node" (nodeProfileDir), as on a real grid: every relaunch asks for the node by name.
    const nodeProfile = mkdtempSync(join(tmpdir(), 'node-profile-'));
    const pinned = await nodesOfRelaunches(nodeProfile).finally(() => rmSync(nodeProfile, { recursive: true, force: true }));
    expect(new Set(pinned).size, pinned.join(', ')).toBe(1);
    expect(pinned[0]).toMatch(/^node-\d$/);
    // Negative control: a profile on this machine (every loopback node sees it) is not pinned, and the same
    // relaunches wander between the nodes: without the pin, a remote profile would be left behind.
    const unpinned = await nodesOfRelaunches(undefined);
    expect(new Set(unpinned).size, unpinned.join(', ')).toBe(2);
  });
});
