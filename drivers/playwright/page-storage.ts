import type { BrowserContext, Page } from 'playwright-core';
import type { OriginStorage, StorageSnapshot } from '../driver';

/**
 * What the origins of the open tabs keep, each read in place by its own document: the current tab first (its
 * sessionStorage is the one its scripts see), then the other tabs, one entry per origin. An origin no tab
 * shows is not read here: Playwright's storageState() opens a hidden page for it (docs/performance.md,
 * Overhead: 200-230 ms a call, and the screenshot taken beside it slowed too), and a step that
 * needs such an origin (the identity provider's after logout) asks storageOf() for it.
 * Only the tabs' top documents: a cross-site frame's storage is partitioned by the page around it (Chromium's
 * third-party storage partitioning), so it is not that origin's own storage and would be named wrongly.
 */
export async function readStorage(context: BrowserContext, current: Page): Promise<StorageSnapshot> {
  const tabs = [current, ...context.pages().filter((page) => page !== current)];
  const read = await Promise.all(tabs.map(readPageStorage));
  const origins = new Map<string, OriginStorage>();
  for (const storage of read) if (storage && !origins.has(storage.origin)) origins.set(storage.origin, storage);
  return { origins: [...origins.values()] };
}

/**
 * Everything `origin` keeps, read from a document of that origin in a page of its own. The probe URL is
 * answered by the harness itself (route), so the server sees no request; where a service worker takes the
 * navigation instead, the page is still of that origin, which is all the read needs.
 */
export async function readOriginStorage(context: BrowserContext, origin: string): Promise<OriginStorage | null> {
  const probe = `${origin}/.well-known/logout-audit-storage-probe`;
  const page = await context.newPage();
  try {
    await page.route(probe, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>probe</title>' }));
    await page.goto(probe, { waitUntil: 'load' }).catch(() => null);
    return await readPageStorage(page);
  } finally {
    await page.close().catch(() => undefined);
  }
}

/**
 * Everything the open page's origin keeps in the browser besides cookies. Runs inside the page, so it sees
 * exactly what the site's own scripts would see after logout.
 */
export async function readPageStorage(page: Page): Promise<OriginStorage | null> {
  try {
    // No named function inside the page function: under tsx (esbuild keepNames) a named one is wrapped in a
    // __name() helper that exists only in Node, and the whole read would fail in the page.
    return await page.evaluate(async () => {
      if (!location.origin || location.origin === 'null') return null;
      const [localEntries, sessionEntries] = [localStorage, sessionStorage].map((s) =>
        Object.fromEntries(
          Array.from({ length: s.length }, (_, i) => s.key(i))
            .filter((key): key is string => key !== null)
            .map((key) => [key, s.getItem(key) ?? '']),
        ),
      );
      const idb = 'databases' in indexedDB ? await indexedDB.databases() : [];
      const cacheNames = typeof caches === 'undefined' ? [] : await caches.keys();
      const registrations = navigator.serviceWorker ? await navigator.serviceWorker.getRegistrations() : [];
      return {
        origin: location.origin,
        localStorage: localEntries ?? {},
        sessionStorage: sessionEntries ?? {},
        indexedDB: idb.map((d) => d.name ?? '(unnamed)'),
        cacheStorage: cacheNames,
        serviceWorkers: registrations.map((r) => r.scope),
      };
    });
  } catch {
    return null; // mid-navigation or an error page: nothing readable
  }
}
