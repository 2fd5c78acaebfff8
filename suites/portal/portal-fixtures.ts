/**
 * Fixtures of the reference portal's HTTP-level specs: one portal per test (defects and idle timeout set with
 * test.use), fresh cookie jars standing in for browser profiles, and the portal's log lines.
 */
import { test as base, type APIRequestContext } from '@playwright/test';
import type { DefectId } from '../../portal/defects';
import { startPortal, type RunningPortal, type TestUser } from '../../portal/start';

export { expect } from '@playwright/test';

export const IE11_UA = 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko';
export const CHROME_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

export type Cookie = Awaited<ReturnType<APIRequestContext['storageState']>>['cookies'][number];

interface Fixtures {
  /** Defects the `portal` fixture switches on; set with test.use(). */
  defects: DefectId[];
  /** The portal's idle timeout; undefined is its default. */
  idleTimeoutSeconds: number | undefined;
  logLines: string[];
  /** The portal's idle-timeout clock: starts at the real time and moves only when a test advances it. */
  clock: { now(): number; advance(ms: number): void };
  portal: RunningPortal;
  /** A fresh cookie jar (a fresh browser profile), optionally with a User-Agent and copied cookies. */
  newApi: (opts?: { userAgent?: string; cookies?: Cookie[] }) => Promise<APIRequestContext>;
  api: APIRequestContext;
}

export const test = base.extend<Fixtures>({
  defects: [[], { option: true }],
  idleTimeoutSeconds: [undefined, { option: true }],
  logLines: async ({}, use) => {
    await use([]);
  },
  clock: async ({}, use) => {
    let now = Date.now();
    await use({ now: () => now, advance: (ms) => void (now += ms) });
  },
  portal: async ({ defects, idleTimeoutSeconds, logLines, clock }, use) => {
    const portal = await startPortal({ defects, idleTimeoutSeconds, log: (line) => logLines.push(line), now: clock.now });
    await use(portal);
    await portal.stop();
  },
  newApi: async ({ playwright }, use) => {
    const made: APIRequestContext[] = [];
    await use(async (opts = {}) => {
      const api = await playwright.request.newContext({
        userAgent: opts.userAgent,
        storageState: opts.cookies ? { cookies: opts.cookies, origins: [] } : undefined,
      });
      made.push(api);
      return api;
    });
    await Promise.all(made.map((api) => api.dispose()));
  },
  api: async ({ newApi }, use) => {
    await use(await newApi());
  },
});

/** The i-th test user (0: Tolvan, 1: Elvan). */
export function user(portal: RunningPortal, i = 0): TestUser {
  const found = portal.users[i];
  if (!found) throw new Error(`the portal has no test user #${i}`);
  return found;
}

export async function cookiesOf(api: APIRequestContext, host: string): Promise<Cookie[]> {
  return (await api.storageState()).cookies.filter((c) => c.domain === host);
}

export const hostOf = (url: string) => new URL(url).hostname;

