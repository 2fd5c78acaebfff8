import { cookieBelongsTo } from '../../evidence/cookie-parts';
import type { AuditCookie } from '../../drivers/driver';
import { targetOrigins } from '../../targets/target';
import { controlFailed, controls, type ControlName } from '../controls';
import type { ScenarioContext, Step } from '../scenario';
import { BrokenError, type FindingCode } from '../verdict';
import { judgeVisit } from './expect-login';
import { names, openWithOnly, openWithOnlyStorage } from './fresh-browser-probe';
import { cookielessLogin, describeEntries, readLoginTraces, replayableEntries, type StorageEntry } from './login-traces';

// Logout must end the session on the servers, not only in this browser: a copied cookie (malware, a shared
// profile backup, a browser that revives its jar after a crash) must be worthless after logout.
// So the jar is captured while logged in, shown to work in a brand-new profile before logout (the control:
// without it a session bound to something the copy lacks would "fail" the replay for the wrong reason), and
// after logout put into a brand-new profile again. A login kept in Web Storage only (a single-page app's token
// in localStorage, no session cookie) is copied as what it is: the localStorage entries that came with it.

interface CapturedJar {
  portal: AuditCookie[];
  idp: AuditCookie[];
  /**
   * A cookie-less login: its localStorage entries, copied instead of cookies (portal and idp then empty); none
   * when it lives in sessionStorage only, which was noted not applicable when it was to be copied.
   */
  storage?: { entries: StorageEntry[]; why: string };
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

/**
 * Keeps a copy of the cookies of the portal and of its identity provider, while logged in; of a login without
 * a session cookie, the localStorage entries that came with it.
 */
export function captureCookies(): Step {
  return {
    title: "copy the portal's and the identity provider's cookies (a login without one: its localStorage)",
    async run(ctx) {
      const traces = await readLoginTraces(ctx);
      const why = cookielessLogin(ctx.target, traces);
      if (why) {
        const entries = replayableEntries(traces);
        if (entries.length === 0) ctx.notApplicable("the login's copy worthless after logout", `${why}; a copy of sessionStorage has no other browser to go to`);
        ctx.memory.set('captured', { portal: [], idp: [], storage: { entries, why } } satisfies CapturedJar);
        return;
      }
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
      if (jar.storage) {
        const { entries } = jar.storage;
        if (entries.length === 0) return;
        const visit = await openWithOnlyStorage(ctx, entries, "control: the login's copied localStorage before logout");
        if (visit.kind !== 'logged-in') {
          controlFailed(
            controls.storageLogin,
            `${visit.kind ?? 'an unrecognised page'} at ${visit.state.url} holding only ${describeEntries(entries)}`,
            'the portal binds its login to something a copy of these entries lacks (a cookie the target does not count as a session cookie, sessionStorage, the client), so the replay cannot test it',
          );
        }
        ctx.control(controls.storageLogin, `personal data at ${visit.state.url} holding only ${describeEntries(entries)}`);
        return;
      }
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

/** After logout: a fresh browser given only the login's copied localStorage entries must be sent to the login. */
async function replayStorageAfterLogout(ctx: ScenarioContext, entries: StorageEntry[]): Promise<void> {
  const visit = await openWithOnlyStorage(ctx, entries, "replay of the login's localStorage");
  judgeVisit(ctx, visit, 'SESSION_VALID_AFTER_LOGOUT', {
    check: "the login's copied localStorage worthless after logout",
    control: controls.storageLogin,
    message: 'the login copied from localStorage before logout still opens the protected page: logout did not end it on the server',
    expected: 'the login form (the copied login was ended by logout)',
    seen: `in a fresh browser holding only ${describeEntries(entries)}`,
  });
}

/** A fresh profile holding only the portal's pre-logout cookies must be sent to login. */
export function replayPortalCookies(): Step {
  return {
    title: "put the portal's copied cookies into a fresh browser (a login without one: its localStorage) and open the protected page",
    async run(ctx) {
      const jar = captured(ctx);
      if (jar.storage) {
        if (jar.storage.entries.length > 0) await replayStorageAfterLogout(ctx, jar.storage.entries);
        return;
      }
      await replayAfterLogout(ctx, jar.portal, 'SESSION_VALID_AFTER_LOGOUT', {
        label: 'replay of portal cookies',
        check: "the portal's cookies worthless after logout",
        message: "the portal's session copied before logout still opens the protected page: logout did not end it on the server",
        control: controls.portalJar,
      });
    },
  };
}

/** A fresh profile holding only the identity provider's pre-logout cookies must be asked for credentials. */
export function replayIdpCookies(): Step {
  return {
    title: "put the identity provider's copied cookies into a fresh browser and open the protected page",
    async run(ctx) {
      const { idp: cookies, storage } = captured(ctx);
      if (storage) {
        ctx.notApplicable('identity provider session ended', `${storage.why}: no identity provider cookie to copy`);
        return;
      }
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
