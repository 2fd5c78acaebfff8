// The in-memory browser's state that a real browser keeps in its profile: the live cookie jar and localStorage,
// and what of them is "on disk" to come back after a restart. A model for tests of the scenario engine; what real
// browsers keep is measured and proven by the audit and defect suites. The rules, per preset:
// - clean close: the whole jar is written; on relaunch cookies with an expiry come back, session cookies only
//   under restore-session (as sessionStorage does); localStorage always;
// - reboot: the browser is ended before writing anything more; the relaunch starts from the disk as last
//   written, by the same rule as after a clean close;
// - power cut: the same, except that a crashed session is restored (`crashRestores`, default 'session': the
//   jar as last written, session cookies included, under every preset);
// - the cookie store is written at a clean close and whenever cookieStoreWrittenSince is asked (a real
//   browser commits it every so often and the harness waits for that); a change after it is lost to a crash;
// - localStorage likewise: written at a clean close and when webStorageWrittenSince is asked while it holds a
//   change not written yet (real browsers write it ~5 s after a change, and never a change that cancels out);
//   a change after the last write is lost to a reboot or a power cut.

import { cookieBelongsTo } from '../../../../evidence/cookie-parts';
import type { AuditCookie } from '../../../../drivers/driver';
import type { CookieWrite } from './memory-portal';

const same = (a: Pick<AuditCookie, 'name' | 'domain' | 'path'>, b: Pick<AuditCookie, 'name' | 'domain' | 'path'>) =>
  a.name === b.name && a.domain === b.domain && a.path === b.path;

const unexpired = (c: AuditCookie, now = Date.now() / 1000) => c.expires === -1 || c.expires > now;

export class MemoryProfile {
  private jar: AuditCookie[] = [];
  /** The portal origin's localStorage, live (the portal's requests read and write this object). */
  readonly localStorage: Record<string, string> = {};
  private storageOnDisk: { items: Record<string, string>; writtenAt: number } = { items: {}, writtenAt: 0 };
  private disk: { jar: AuditCookie[]; writtenAt: number; sessionStorage: Record<string, string>[] } = { jar: [], writtenAt: 0, sessionStorage: [] };

  cookies(): AuditCookie[] {
    return this.jar.map((c) => ({ ...c }));
  }

  /** The cookies a request to `url` carries. */
  cookiesFor(url: URL): Record<string, string> {
    const sent = this.jar.filter((c) => cookieBelongsTo(c, url.hostname) && url.pathname.startsWith(c.path) && unexpired(c));
    return Object.fromEntries(sent.map((c) => [c.name, c.value]));
  }

  /** A Set-Cookie of a response from `host` (host-only cookies; Max-Age=0 deletes). */
  apply(write: CookieWrite, host: string): void {
    const expires = write.maxAge === undefined ? -1 : Math.floor(Date.now() / 1000) + write.maxAge;
    const cookie: AuditCookie = { name: write.name, value: write.value, domain: host, path: write.path, expires, httpOnly: write.httpOnly, secure: false, sameSite: write.sameSite ?? 'unset' };
    this.jar = this.jar.filter((c) => !same(c, cookie));
    if (write.maxAge !== 0) this.jar.push(cookie);
  }

  add(cookies: AuditCookie[]): void {
    for (const c of cookies) {
      this.jar = this.jar.filter((j) => !same(j, c));
      if (unexpired(c)) this.jar.push({ ...c });
    }
  }

  writtenAt(): number {
    return this.disk.writtenAt;
  }

  /** localStorage written to disk now if it changed since its last write; when it was last written. */
  writeLocalStorage(): number {
    if (JSON.stringify(this.localStorage) !== JSON.stringify(this.storageOnDisk.items)) {
      this.storageOnDisk = { items: { ...this.localStorage }, writtenAt: Date.now() };
    }
    return this.storageOnDisk.writtenAt;
  }

  /** The cookie store written to disk now; with `tabs`, the tabs' sessionStorage too (a clean close). */
  write(tabs?: Record<string, string>[]): void {
    this.disk = { jar: this.cookies(), writtenAt: Date.now(), sessionStorage: tabs ?? this.disk.sessionStorage };
  }

  /**
   * The jar after a restart, from the disk as last written: session cookies where `keepSession`, cookies with an
   * expiry where `keepPersistent`. Returns the tabs' sessionStorage to restore (only with the session).
   */
  restart(keepSession: boolean, keepPersistent: boolean): Record<string, string>[] {
    for (const key of Object.keys(this.localStorage)) delete this.localStorage[key];
    Object.assign(this.localStorage, this.storageOnDisk.items);
    this.jar = this.disk.jar.filter((c) => (c.expires === -1 ? keepSession : keepPersistent && unexpired(c))).map((c) => ({ ...c }));
    return keepSession ? this.disk.sessionStorage : [];
  }

  /** Deleted: nothing of it is left. */
  clear(): void {
    this.jar = [];
    this.disk = { jar: [], writtenAt: 0, sessionStorage: [] };
    this.storageOnDisk = { items: {}, writtenAt: 0 };
    for (const key of Object.keys(this.localStorage)) delete this.localStorage[key];
  }
}

export function setCookieLine(write: CookieWrite): string {
  const parts = [`${write.name}=${write.value}`, `Path=${write.path}`];
  if (write.maxAge !== undefined) parts.push(`Max-Age=${write.maxAge}`);
  if (write.httpOnly) parts.push('HttpOnly');
  if (write.sameSite) parts.push(`SameSite=${write.sameSite}`);
  return parts.join('; ');
}
