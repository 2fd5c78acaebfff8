import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { createDriver } from '../../drivers';
import type { AuditDriver } from '../../drivers/driver';
import { DriverError } from '../../drivers/driver-error';
import { personas } from '../../drivers/personas';
import { profileProcesses } from '../../drivers/profile/processes';
import { procStat } from '../../drivers/proc';
import type { WebKitGtkDriver } from '../../drivers/webkitgtk/webkitgtk';
import { findMiniBrowser, findWebKitWebDriver } from '../../drivers/webkitgtk/webkitgtk-binaries';
import { acquireDisplay, ownXvfbPid, releaseDisplay, xvfbGone } from '../../drivers/webkitgtk/xvfb';
import { auditSettings } from '../../audit/settings';

// Debian's WebKitGTK (MiniBrowser through WebKitWebDriver) against two tiny loopback servers: a "portal" on
// 127.0.0.1 and an "identity provider" on localhost, so cookies and storage of two origins are in play. What
// the driver declares in its capabilities is checked against what the browser really does.

function missingWebKit(): string | undefined {
  try {
    findWebKitWebDriver(auditSettings().executables);
    findMiniBrowser(auditSettings().executables);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
const missing = missingWebKit();
test.skip(missing !== undefined, `WebKitGTK is not installed here (${missing}); scripts/setup.sh --with-webkit installs it`);

interface Site {
  url: string;
  /** Every request the server received: method, path and the names of the cookies it carried. */
  seen: { path: string; cookies: string[] }[];
  server: http.Server;
}

async function site(host: string, handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<Site> {
  const seen: Site['seen'] = [];
  const server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? '', cookies: (req.headers.cookie ?? '').split(';').map((p) => p.split('=')[0]!.trim()).filter(Boolean) });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { url: `http://${host}:${(server.address() as AddressInfo).port}/`, seen, server };
}

let portal: Site;
let idp: Site;

test.beforeAll(async () => {
  portal = await site('127.0.0.1', (req, res) => {
    res.statusCode = req.url === '/missing' ? 404 : 200;
    res.setHeader('Set-Cookie', ['session_c=one; Path=/; HttpOnly; SameSite=Lax', 'persistent_c=two; Path=/; Max-Age=3600']);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Type', 'text/html');
    res.end('<title>webkit</title><script>localStorage.setItem("k", "v"); sessionStorage.setItem("s", "t")</script>ok');
  });
  idp = await site('localhost', (_req, res) => {
    res.setHeader('Set-Cookie', 'idp_c=three; Path=/idp; HttpOnly; SameSite=Strict');
    res.setHeader('Content-Type', 'text/html');
    res.end('<title>idp</title><script>localStorage.setItem("idp", "yes")</script>idp');
  });
});

test.afterAll(async () => {
  for (const s of [portal, idp]) await new Promise<void>((resolve) => s.server.close(() => resolve()));
});

function webkit(): WebKitGtkDriver {
  return createDriver({ backend: 'selenium', browser: 'webkitgtk', profile: 'fresh-default', persona: personas.default, executables: auditSettings().executables }) as WebKitGtkDriver;
}

/** A browser that has been to the identity provider and then the portal; ended and deleted afterwards. */
async function onThePortal(body: (driver: WebKitGtkDriver) => Promise<void>): Promise<void> {
  const driver = webkit();
  try {
    await driver.launch();
    await driver.open(`${idp.url}idp/login`);
    await driver.open(portal.url);
    await body(driver);
  } finally {
    await driver.dispose();
  }
}

async function notSupported(action: () => Promise<unknown>): Promise<string> {
  const error = await action().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DriverError);
  expect((error as DriverError).code).toBe('NOT_SUPPORTED');
  return (error as DriverError).message;
}

test('every origin\'s cookies are visible with their attributes; status and exchanges come from the network', async () => {
  await onThePortal(async (driver) => {
    expect(await driver.pageState()).toMatchObject({ url: portal.url, status: 200, title: 'webkit' });
    const jar = await driver.cookies();
    const byName = Object.fromEntries(jar.map((c) => [c.name, c]));
    expect(Object.keys(byName).sort()).toEqual(['idp_c', 'persistent_c', 'session_c']);
    expect(byName.session_c).toMatchObject({ domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Lax', expires: -1 });
    expect(byName.persistent_c?.expires).toBeGreaterThan(Date.now() / 1000);
    expect(byName.idp_c).toMatchObject({ domain: 'localhost', path: '/idp', httpOnly: true, sameSite: 'Strict' });
    expect(idp.seen.map((r) => r.path), 'reading cookies never reaches the server').not.toContainEqual(expect.stringContaining('probe'));

    const [page] = (await driver.takeExchanges()).filter((e) => e.url === portal.url);
    expect(page).toMatchObject({ status: 200, resourceType: 'document', responseHeaders: { 'cache-control': 'no-store' } });
    expect(page?.setCookies).toEqual(['session_c=one; Path=/; HttpOnly; SameSite=Lax', 'persistent_c=two; Path=/; Max-Age=3600']);
    expect((await driver.open(`${portal.url}missing`)).status).toBe(404);
  });
});

test('storage snapshots see localStorage and sessionStorage; another origin is read without a request to it', async () => {
  await onThePortal(async (driver) => {
    const [origin] = (await driver.storage()).origins;
    expect(origin).toMatchObject({ origin: portal.url.slice(0, -1), localStorage: { k: 'v' }, sessionStorage: { s: 't' } });
    const before = idp.seen.length;
    expect(await driver.storageOf(idp.url.slice(0, -1))).toMatchObject({ localStorage: { idp: 'yes' } });
    expect(idp.seen.length, 'the probe page is answered by the driver, not the server').toBe(before);
  });
});

test('declared capabilities match the browser: tabs and cookie injection work, restarts are refused', async () => {
  let captured: Awaited<ReturnType<AuditDriver['cookies']>> = [];
  await onThePortal(async (driver) => {
    expect(driver.capabilities).toMatchObject({ persistentProfile: false, killProcesses: false, tabs: true, injectCookies: true, allOriginCookies: true });
    captured = await driver.cookies();
    await driver.newTab();
    await driver.open(`${portal.url}second`);
    await driver.switchTab(0);
    expect((await driver.pageState()).url).toBe(portal.url);
    expect(await notSupported(() => driver.close())).toContain('ephemeral');
    expect(await notSupported(() => driver.relaunch())).toContain('ephemeral');
    await notSupported(() => driver.reboot());
    await notSupported(() => driver.powerCut());
    expect(driver.running, 'a refused restart leaves the browser as it was').toBe(true);
  });

  const fresh = webkit();
  try {
    await fresh.launch();
    expect(await fresh.cookies(), 'a new session starts empty').toEqual([]);
    await fresh.addCookies(captured);
    const before = portal.seen.length;
    await fresh.open(`${portal.url}replayed`);
    expect(portal.seen.slice(before)[0]?.cookies.sort()).toEqual(['persistent_c', 'session_c']);
    const injected = Object.fromEntries((await fresh.cookies()).map((c) => [c.name, c]));
    expect(injected.session_c).toMatchObject({ domain: '127.0.0.1', httpOnly: true, sameSite: 'Lax' });
    expect(injected.idp_c, 'a host-only cookie stays host-only').toMatchObject({ domain: 'localhost', path: '/idp', httpOnly: true });
  } finally {
    await fresh.dispose();
  }
});

test('dispose ends WebKitWebDriver, MiniBrowser and its web processes, and deletes the dir', async () => {
  const driver = webkit();
  await driver.launch();
  await driver.open(portal.url);
  const service = driver.servicePid;
  const tree = profileProcesses(driver.profileDir);
  const names = tree.map((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim());
  expect(names).toEqual(expect.arrayContaining(['WebKitWebDriver', 'MiniBrowser', 'WebKitWebProces', 'WebKitNetworkPr']));
  expect(tree).toContain(service);
  await driver.dispose();
  expect(profileProcesses(driver.profileDir), 'no process of the browser is left').toEqual([]);
  expect(tree.filter((pid) => (procStat(pid)?.state ?? 'Z') !== 'Z'), 'none of them, even re-parented').toEqual([]);
  expect(existsSync(driver.profileDir)).toBe(false);
  await driver.dispose(); // twice is harmless
});

test('Xvfb runs only when there is no DISPLAY, and ends with the last driver', async () => {
  // The caller's own display is used as it is: no Xvfb.
  expect(await acquireDisplay({ DISPLAY: ':4242' })).toBe(':4242');
  expect(ownXvfbPid()).toBeUndefined();
  releaseDisplay();

  test.skip(Boolean(process.env.DISPLAY), 'this machine has a DISPLAY: the driver uses it and starts no Xvfb');
  const first = webkit();
  const second = webkit();
  try {
    await first.launch();
    const xvfb = ownXvfbPid();
    expect(xvfb, 'no DISPLAY: an Xvfb of our own').toBeDefined();
    await second.launch();
    expect(ownXvfbPid(), 'one Xvfb for every driver of the process').toBe(xvfb);
    await first.dispose();
    expect(await xvfbGone(xvfb!, 500), 'still in use by the second driver').toBe(false);
    await second.dispose();
    expect(await xvfbGone(xvfb!), 'ended with the last driver').toBe(true);
  } finally {
    await first.dispose();
    await second.dispose();
  }
});
