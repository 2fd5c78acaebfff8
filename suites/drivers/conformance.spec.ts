import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { createDriver } from '../../drivers';
import type { AuditDriver, BrowserProfile } from '../../drivers/driver';
import { personas } from '../../drivers/personas';
import { profileProcesses } from '../../drivers/processes';

// What every driver promises, proven against a tiny loopback page that sets a session cookie (no
// Expires/Max-Age) and a persistent one. The Chromium results match ../shared/findings/browser-persistence.md.

let server: http.Server;
let url: string;

test.beforeAll(async () => {
  server = http.createServer((_req, res) => {
    res.setHeader('Set-Cookie', ['session_c=one; Path=/; HttpOnly', 'persistent_c=two; Path=/; Max-Age=3600']);
    res.setHeader('Content-Type', 'text/html');
    res.end('<title>conformance</title><script>localStorage.setItem("k", "v"); sessionStorage.setItem("s", "t")</script>ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function chromium(profile: BrowserProfile): AuditDriver & { profileDir: string } {
  return createDriver({ backend: 'playwright', browser: 'chromium', profile, persona: personas.default }) as AuditDriver & { profileDir: string };
}

/** A browser on a fresh profile that has loaded the page once; ended and deleted afterwards. */
async function onThePage(profile: BrowserProfile, body: (driver: AuditDriver & { profileDir: string }) => Promise<void>): Promise<void> {
  const driver = chromium(profile);
  try {
    await driver.launch();
    await driver.open(url);
    await body(driver);
  } finally {
    await driver.dispose();
  }
}

async function cookieNames(driver: AuditDriver): Promise<string[]> {
  return (await driver.cookies()).map((c) => c.name).sort();
}

test('a persistent cookie survives close and relaunch; a session cookie does not under browser defaults', async () => {
  await onThePage('fresh-default', async (driver) => {
    expect(await cookieNames(driver)).toEqual(['persistent_c', 'session_c']);
    await driver.close();
    expect(profileProcesses(driver.profileDir), 'a clean close leaves no process').toEqual([]);
    await driver.relaunch();
    expect(await cookieNames(driver)).toEqual(['persistent_c']);
  });
});

test('a session cookie survives close and relaunch under restore-session ("Continue where you left off")', async () => {
  await onThePage('restore-session', async (driver) => {
    await driver.close();
    await driver.relaunch();
    expect(await cookieNames(driver)).toEqual(['persistent_c', 'session_c']);
  });
});

test('storage snapshots see localStorage and sessionStorage of the open page', async () => {
  await onThePage('fresh-default', async (driver) => {
    const [origin] = (await driver.storage()).origins;
    expect(origin).toMatchObject({ origin: url.slice(0, -1), localStorage: { k: 'v' }, sessionStorage: { s: 't' } });
  });
});

test('a reboot ends every process of the profile and starts a new browser on it', async () => {
  await onThePage('fresh-default', async (driver) => {
    const before = profileProcesses(driver.profileDir);
    expect(before.length).toBeGreaterThan(1);
    await driver.reboot();
    const after = profileProcesses(driver.profileDir);
    expect(after.filter((pid) => before.includes(pid)), 'no process of the old browser survives').toEqual([]);
    expect(driver.running).toBe(true);
  });
});

test('dispose ends every process and deletes the profile, which holds session cookies', async () => {
  const driver = chromium('restore-session');
  await driver.launch();
  await driver.open(url);
  await driver.dispose();
  expect(profileProcesses(driver.profileDir)).toEqual([]);
  expect(existsSync(driver.profileDir)).toBe(false);
  await driver.dispose(); // twice is harmless
});
