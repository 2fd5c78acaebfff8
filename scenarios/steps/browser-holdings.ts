import { cookieBelongsTo } from '../../evidence/cookie-parts';
import type { AuditCookie, OriginStorage } from '../../drivers/driver';
import { targetOrigins, type Target } from '../../targets/target';
import type { ScenarioContext } from '../scenario';

// What the browser holds on the portal's and the identity provider's origins (cookies, Web Storage, IndexedDB,
// Cache Storage, service workers), and that holding as the login form appeared: the baseline every check
// compares with to tell the login's traces from what the login page gives every visitor (a "cookies enabled"
// test cookie such as WordPress's wordpress_test_cookie, a flag in localStorage). Taken at the form, not
// before it: what the form's own page sets is not the user's.

export interface BrowserData {
  cookies: AuditCookie[];
  origins: OriginStorage[];
}

declare module '../scenario' {
  interface ScenarioMemoryKeys {
    /** What the browser held on the login's origins as the login form appeared, before credentials were typed. */
    'browserData:at login form': BrowserData;
    /** How many responses the browser had received as the login form appeared: those after it are the login's. */
    exchangesAtLoginForm: number;
  }
}

export function loginOrigins(target: Target): string[] {
  const { portal, idp } = targetOrigins(target);
  return [...new Set([portal.origin, ...(idp ? [idp.origin] : [])])];
}

export async function readBrowserData(ctx: Pick<ScenarioContext, 'driver' | 'target'>): Promise<BrowserData> {
  const origins = loginOrigins(ctx.target);
  const hosts = origins.map((o) => new URL(o).hostname);
  const cookies = (await ctx.driver.cookies()).filter((c) => hosts.some((h) => cookieBelongsTo(c, h)));
  // The open tab's own origin is read in place (its sessionStorage belongs to this tab); the others through a
  // page of their own.
  const current = (await ctx.driver.storage()).origins[0];
  const storages: OriginStorage[] = [];
  for (const origin of origins) {
    const storage = current?.origin === origin ? current : await ctx.driver.storageOf(origin);
    if (storage) storages.push(storage);
  }
  return { cookies, origins: storages };
}

/** Notes the browser as the login form appeared (login.ts calls it there): the baseline of the login's traces. */
export async function noteBrowserAtLoginForm(ctx: ScenarioContext): Promise<void> {
  ctx.memory.set('browserData:at login form', await readBrowserData(ctx));
  ctx.memory.set('exchangesAtLoginForm', (await ctx.driver.allExchanges()).length);
}
