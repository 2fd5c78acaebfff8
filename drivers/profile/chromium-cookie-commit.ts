import type { AuditCookie, AuditDriver } from '../driver';

// Chromium writes its cookie store (SQLitePersistentCookieStore) 30 s after the first change of a batch, or at
// once when a batch reaches 512 changes (kCommitAfterBatchSize in net/extras/sqlite/sqlite_persistent_cookie_store.cc;
// it counts calls, so changes that cancel out still count). A power cut is only a test once the login's cookies
// are on disk; instead of waiting out the 30 s, one throwaway persistent cookie is set 300 times (each overwrite
// is a delete and an add: 599 changes), so Chromium writes the whole batch, the login's cookies with it, at once.
// It lives on a host of its own under .invalid (never a request's host; a host of the portal's would count
// against the portal's own cookie limit: 180 per site, past which Chromium evicts the portal's cookies) and is
// deleted at the end; where the batch was written between its sets and its deletion, a power cut brings it back
// (on that host, which no finding counts: the revived cookies are judged against the jar read after this).
// Measured with Chromium 156: the power-cut scenario 35 s -> 14 s, the login's cookies on disk within a second.

const SETS = 300;
const HOST = 'logout-audit-commit.invalid';

function throwaway(value: string, expires: number): AuditCookie {
  return { name: 'logout-audit-commit', value, domain: HOST, path: '/', expires, httpOnly: false, secure: false, sameSite: 'Lax' };
}

/**
 * Makes Chromium write its pending cookie changes to disk now, through cookies put in by `driver` (a Chromium
 * driver's AuditDriver.commitCookieStore: every Chromium backend can inject cookies).
 */
export async function commitChromiumCookieStore(driver: Pick<AuditDriver, 'addCookies'>): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  // Persistent (an expiry), or Chromium never hands it to the store at all.
  await driver.addCookies(Array.from({ length: SETS }, (_, i) => throwaway(String(i), now + 3600)));
  // Set once more with an expiry in the past: Chromium deletes it.
  await driver.addCookies([throwaway('gone', now - 3600)]);
}
