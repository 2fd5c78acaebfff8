import { cookieBelongsTo } from '../../drivers/cookie-parts';
import type { AuditCookie } from '../../drivers/driver';
import { protectedUrl, targetOrigins } from '../../targets/target';
import type { ScenarioContext, Step } from '../scenario';
import { BrokenError, type FindingCode } from '../verdict';
import { judgeVisit } from './expect-login';
import { recognisePage } from './page-kind';

// Logout must end the session on the servers, not only in this browser: a copied cookie (malware, a shared
// profile backup, a browser that revives its jar after a crash) must be worthless after logout.
// So the jar is captured while logged in and, after logout, put into a brand-new profile.

/** Keeps a copy of the cookies of the portal and of its identity provider, while logged in. */
export function captureCookies(): Step {
  return {
    title: "copy the portal's and the identity provider's cookies",
    async run(ctx) {
      const jar = await ctx.driver.cookies();
      const { portal, idp } = targetOrigins(ctx.target);
      const portalCookies = jar.filter((c) => cookieBelongsTo(c, portal.hostname));
      const idpCookies = idp && idp.hostname !== portal.hostname ? jar.filter((c) => cookieBelongsTo(c, idp.hostname)) : [];
      if (portalCookies.length === 0) throw new BrokenError('PRECONDITION', `no cookie of ${portal.hostname} while logged in: nothing to replay`);
      if (idp && idp.hostname !== portal.hostname && idpCookies.length === 0) {
        throw new BrokenError('PRECONDITION', `no cookie of the identity provider ${idp.hostname} while logged in: nothing to replay`);
      }
      ctx.memory.set('captured', { portal: portalCookies, idp: idpCookies });
    },
  };
}

async function replay(ctx: ScenarioContext, cookies: AuditCookie[], label: string, code: FindingCode, whose: string): Promise<void> {
  const fresh = await ctx.newDriver();
  await fresh.addCookies(cookies);
  await fresh.open(protectedUrl(ctx.target));
  const visit = { kind: await recognisePage(fresh, ctx.target), state: await fresh.pageState() };
  await ctx.capture(fresh, label);
  // Ended at once: on a Selenium Grid every open browser holds a node slot the next replay may need.
  await fresh.dispose();
  judgeVisit(ctx, visit, code, {
    check: `${whose} cookies worthless after logout`,
    message: `${whose} session copied before logout still opens the protected page: logout did not end it on the server`,
    expected: 'the login form (the copied session was ended by logout)',
    seen: `in a fresh profile holding only ${cookies.map((c) => c.name).join(', ')}`,
  });
}

/** A fresh profile holding only the portal's pre-logout cookies must be sent to login. */
export function replayPortalCookies(): Step {
  return {
    title: "put the portal's copied cookies into a fresh browser and open the protected page",
    async run(ctx) {
      const captured = ctx.memory.get('captured') as { portal: AuditCookie[] } | undefined;
      if (!captured) throw new BrokenError('PRECONDITION', 'no captured cookies: capture them before logout');
      await replay(ctx, captured.portal, 'replay of portal cookies', 'SESSION_VALID_AFTER_LOGOUT', "the portal's");
    },
  };
}

/** A fresh profile holding only the identity provider's pre-logout cookies must be asked for credentials. */
export function replayIdpCookies(): Step {
  return {
    title: "put the identity provider's copied cookies into a fresh browser and open the protected page",
    async run(ctx) {
      const captured = ctx.memory.get('captured') as { idp: AuditCookie[] } | undefined;
      if (!captured) throw new BrokenError('PRECONDITION', 'no captured cookies: capture them before logout');
      if (captured.idp.length === 0) {
        ctx.notApplicable('identity provider session ended', 'the target declares no identity provider on a host of its own');
        return;
      }
      await replay(ctx, captured.idp, 'replay of identity provider cookies', 'IDP_SESSION_VALID_AFTER_LOGOUT', "the identity provider's");
    },
  };
}
