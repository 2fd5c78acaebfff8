import type { AuditCookie } from '../../drivers/driver';
import { protectedUrl } from '../../targets/target';
import type { ScenarioContext } from '../scenario';
import type { Visit } from './expect-login';
import { recognisePage } from './page-kind';

/**
 * What the server does with these cookies alone: a brand-new client (no cache, no service worker, no storage,
 * no history: a new context of the run's probe browser, or a new browser where the driver has no contexts)
 * holding only them opens the protected page. Used to replay a copied jar, to prove such a replay
 * works while logged in (the control), and to tell what let a user in (a live session or something else).
 */
export async function openWithOnly(ctx: ScenarioContext, cookies: AuditCookie[], label: string): Promise<Visit> {
  const fresh = await ctx.newProbe();
  try {
    await fresh.addCookies(cookies);
    await fresh.open(protectedUrl(ctx.target));
    const visit = { kind: await recognisePage(fresh, ctx.target), state: await fresh.pageState() };
    await ctx.capture(fresh, label);
    return visit;
  } finally {
    // Ended at once: on a Selenium Grid every open browser holds a node slot the next probe may need.
    await fresh.dispose();
  }
}

export function names(cookies: AuditCookie[]): string {
  return cookies.map((c) => `${c.name} (${c.domain})`).join(', ') || 'no cookie';
}
