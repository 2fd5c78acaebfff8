import { cookieBelongsTo } from '../../drivers/cookie-parts';
import type { AuditCookie } from '../../drivers/driver';
import { targetOrigins } from '../../targets/target';
import { controlFailed, controls, type ControlName } from '../controls';
import type { ScenarioContext, Step } from '../scenario';
import { BrokenError, type FindingCode } from '../verdict';
import { judgeVisit } from './expect-login';
import { names, openWithOnly } from './fresh-browser-probe';

// Logout must end the session on the servers, not only in this browser: a copied cookie (malware, a shared
// profile backup, a browser that revives its jar after a crash) must be worthless after logout.
// So the jar is captured while logged in, shown to work in a brand-new profile before logout (the control:
// without it a session bound to something the copy lacks would "fail" the replay for the wrong reason), and
// after logout put into a brand-new profile again.

interface CapturedJar {
  portal: AuditCookie[];
  idp: AuditCookie[];
}

declare module '../scenario' {
  interface ScenarioMemoryKeys {
    /** The portal's and the identity provider's cookies, copied while logged in. */
    captured: CapturedJar;
  }
}

function captured(ctx: ScenarioContext): CapturedJar {
  const jar = ctx.memory.get('captured');
  if (!jar) throw new BrokenError('PRECONDITION', 'no captured cookies: capture them before logout');
  return jar;
}

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
      ctx.memory.set('captured', { portal: portalCookies, idp: idpCookies } satisfies CapturedJar);
    },
  };
}

/** The controls: while still logged in, each copied jar alone must open the personal data in a fresh profile. */
export function proveCopiedCookiesWork(): Step {
  return {
    title: 'before logout, show that the copied cookies open the personal data in a fresh browser',
    async run(ctx) {
      const jar = captured(ctx);
      const portalVisit = await openWithOnly(ctx, jar.portal, "control: the portal's copied cookies before logout");
      if (portalVisit.kind !== 'logged-in') {
        controlFailed(
          controls.portalJar,
          `${portalVisit.kind ?? 'an unrecognised page'} at ${portalVisit.state.url} holding ${names(jar.portal)}`,
          "the portal binds its session to something a copy of its cookies lacks (the identity provider's cookies, a header, the client), so the replay cannot test it; or the target's baseUrl names another host than the one the portal's cookies are set for",
        );
      }
      ctx.control(controls.portalJar, `personal data at ${portalVisit.state.url} holding only ${names(jar.portal)}`);
      if (jar.idp.length === 0) return;
      const idpVisit = await openWithOnly(ctx, jar.idp, "control: the identity provider's copied cookies before logout");
      if (idpVisit.kind !== 'logged-in') {
        controlFailed(
          controls.idpJar,
          `${idpVisit.kind ?? 'an unrecognised page'} at ${idpVisit.state.url} holding ${names(jar.idp)}`,
          "the identity provider does not keep a single sign-on session in these cookies, or the target's idp.issuer names another host than the one the portal logs in at",
        );
      }
      ctx.control(controls.idpJar, `signed in silently, personal data at ${idpVisit.state.url} holding only ${names(jar.idp)}`);
    },
  };
}

/** After logout: a fresh profile holding only a copied jar must be sent to the login. */
async function replayAfterLogout(
  ctx: ScenarioContext,
  cookies: AuditCookie[],
  code: FindingCode,
  whose: { label: string; check: string; message: string; control: ControlName },
): Promise<void> {
  const visit = await openWithOnly(ctx, cookies, whose.label);
  judgeVisit(ctx, visit, code, {
    check: whose.check,
    control: whose.control,
    message: whose.message,
    expected: 'the login form (the copied session was ended by logout)',
    seen: `in a fresh profile holding only ${names(cookies)}`,
  });
}

/** A fresh profile holding only the portal's pre-logout cookies must be sent to login. */
export function replayPortalCookies(): Step {
  return {
    title: "put the portal's copied cookies into a fresh browser and open the protected page",
    run: (ctx) =>
      replayAfterLogout(ctx, captured(ctx).portal, 'SESSION_VALID_AFTER_LOGOUT', {
        label: 'replay of portal cookies',
        check: "the portal's cookies worthless after logout",
        message: "the portal's session copied before logout still opens the protected page: logout did not end it on the server",
        control: controls.portalJar,
      }),
  };
}

/** A fresh profile holding only the identity provider's pre-logout cookies must be asked for credentials. */
export function replayIdpCookies(): Step {
  return {
    title: "put the identity provider's copied cookies into a fresh browser and open the protected page",
    async run(ctx) {
      const cookies = captured(ctx).idp;
      if (cookies.length === 0) {
        ctx.notApplicable('identity provider session ended', 'the target declares no identity provider on a host of its own');
        return;
      }
      await replayAfterLogout(ctx, cookies, 'IDP_SESSION_VALID_AFTER_LOGOUT', {
        label: 'replay of identity provider cookies',
        check: "the identity provider's cookies worthless after logout",
        message: "the identity provider's session copied before logout still logs the user in: logout did not end it at the identity provider",
        control: controls.idpJar,
      });
    },
  };
}
