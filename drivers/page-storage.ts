import type { Page } from 'playwright-core';
import type { OriginStorage } from './driver';

/**
 * Everything the open page's origin keeps in the browser besides cookies. Runs inside the page, so it sees
 * exactly what the site's own scripts would see after logout.
 */
export async function readPageStorage(page: Page): Promise<OriginStorage | null> {
  try {
    return await page.evaluate(async () => {
      if (!location.origin || location.origin === 'null') return null;
      const entries = (s: Storage) => {
        const out: Record<string, string> = {};
        for (let i = 0; i < s.length; i++) {
          const key = s.key(i);
          if (key !== null) out[key] = s.getItem(key) ?? '';
        }
        return out;
      };
      const idb = 'databases' in indexedDB ? await indexedDB.databases() : [];
      const cacheNames = typeof caches === 'undefined' ? [] : await caches.keys();
      const registrations = navigator.serviceWorker ? await navigator.serviceWorker.getRegistrations() : [];
      return {
        origin: location.origin,
        localStorage: entries(localStorage),
        sessionStorage: entries(sessionStorage),
        indexedDB: idb.map((d) => d.name ?? '(unnamed)'),
        cacheStorage: cacheNames,
        serviceWorkers: registrations.map((r) => r.scope),
      };
    });
  } catch {
    return null; // mid-navigation or an error page: nothing readable
  }
}
