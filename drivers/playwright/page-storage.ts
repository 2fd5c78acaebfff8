import type { Page } from 'playwright-core';
import type { OriginStorage } from '../driver';

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
