import type { AuditCookie, AuditDriver } from '../../drivers/driver';
import { protectedUrl } from '../../targets/target';
import type { ScenarioContext } from '../scenario';
import { BrokenError } from '../verdict';
import type { Visit } from './expect-login';
import type { StorageEntry } from './login-traces';
import { recognisePage } from './page-kind';

/**
 * What the server does with these cookies alone: a brand-new client (no cache, no service worker, no storage,
 * no history: a new context of the run's probe browser, or a new browser where the driver has no contexts)
 * holding only them opens the protected page. Used to replay a copied jar, to prove such a replay
 * works while logged in (the control), and to tell what let a user in (a live session or something else).
 */
export function openWithOnly(ctx: ScenarioContext, cookies: AuditCookie[], label: string): Promise<Visit> {
  return visitFromFreshBrowser(ctx, label, (fresh) => fresh.addCookies(cookies));
}

/** A brand-new client, given something by `give`, opens the protected page: what the server makes of that alone. */
async function visitFromFreshBrowser(ctx: ScenarioContext, label: string, give: (fresh: AuditDriver) => Promise<void>): Promise<Visit> {
  const fresh = await ctx.newProbe();
  try {
    await give(fresh);
    await fresh.open(protectedUrl(ctx.target));
    const visit = { kind: await recognisePage(fresh, ctx.target), state: await fresh.pageState() };
    await ctx.capture(fresh, label);
    return visit;
  } finally {
    // Ended at once: on a Selenium Grid every open browser holds a node slot the next probe may need.
    await fresh.dispose();
  }
}

/**
 * What the server does with these localStorage entries alone (a login kept in Web Storage, no cookie): a
 * brand-new client opens a page of each entry's origin, is given the entries as a script of that page would
 * store them, and opens the protected page, whose own scripts then find them.
 */
export function openWithOnlyStorage(ctx: ScenarioContext, entries: readonly StorageEntry[], label: string): Promise<Visit> {
  return visitFromFreshBrowser(ctx, label, async (fresh) => {
    for (const origin of new Set(entries.map((e) => e.origin))) {
      const state = await fresh.open(new URL('/', origin).toString());
      if (new URL(state.url).origin !== origin) {
        throw new BrokenError('PRECONDITION', `a fresh browser opening ${origin} ended at ${state.url}: cannot put the login's localStorage entries of ${origin} there`);
      }
      for (const e of entries.filter((x) => x.origin === origin)) await fresh.setLocalStorage(e.key, e.value);
    }
  });
}

export function names(cookies: AuditCookie[]): string {
  return cookies.map((c) => `${c.name} (${c.domain})`).join(', ') || 'no cookie';
}
