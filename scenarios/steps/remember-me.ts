import type { AuditCookie } from '../../drivers/driver';
import { controlFailed, controls } from '../controls';
import type { Step } from '../scenario';
import { BrokenError } from '../verdict';
import { judgeVisit, lastVisit } from './expect-login';
import { names, openWithOnly } from './fresh-browser-probe';
import { sawLoggedIn } from './session-clock';
import { ofLoginHosts } from './login-traces';

// "Keep me signed in" is how most portals keep people logged in across browser restarts, and so the way a
// logout that forgets it lets the next person in after a restart (the 1177 class of defect). Its controls:
// the remembered login must first be shown to survive a restart without logout, and the cookies that carry it
// to log in alone in a fresh browser; only then does a refusal after logout prove that logout ended it.

const REMEMBER_COOKIES = 'rememberCookies';

declare module '../scenario' {
  interface ScenarioMemoryKeys {
    /** The remember-me cookies copied while logged in, once shown to log in alone. */
    [REMEMBER_COOKIES]: AuditCookie[];
  }
}

/** The persistent cookies of the portal and its identity provider: where a remembered login lives on disk. */
export function rememberCookiesIn(target: Parameters<typeof ofLoginHosts>[0], jar: AuditCookie[]): AuditCookie[] {
  return jar.filter((c) => c.expires !== -1 && ofLoginHosts(target, c));
}

/** The control: after a restart without logout, the revisit found the user still logged in. */
export function expectStillLoggedInAfterRestart(): Step {
  return {
    title: 'expect "remember me" to have kept the user logged in across the restart',
    async run(ctx) {
      const visit = lastVisit(ctx);
      const where = `${visit.state.url} (HTTP ${visit.state.status ?? 'n/a'})`;
      if (visit.kind === 'login-required') {
        controlFailed(
          controls.rememberRestart,
          `the login form at ${where} after a restart without logout`,
          `the portal's "remember me" does not keep a login across a browser restart, or the target's login.remember (${'remember' in ctx.target.login ? ctx.target.login.remember : 'none'}) names another box than the one that does`,
        );
      }
      if (visit.kind !== 'logged-in') {
        throw new BrokenError('PAGE_UNRECOGNISED', `neither the login form nor the personal data appeared at ${where} after the restart`);
      }
      sawLoggedIn(ctx);
      ctx.control(controls.rememberRestart, `personal data at ${where} after closing and reopening the browser without logout`);
    },
  };
}

/**
 * Copies the remembered login's cookies while logged in, and shows (the control) that they alone log in in a
 * brand-new browser. Without cookie injection, or without a persistent cookie, the replay does not apply.
 */
export function copyRememberCookies(): Step {
  return {
    title: 'copy the remember-me cookies and show they alone log in in a fresh browser',
    async run(ctx) {
      if (!ctx.driver.capabilities.injectCookies) return;
      const cookies = rememberCookiesIn(ctx.target, await ctx.driver.cookies());
      if (cookies.length === 0) return; // the replay step says why it does not apply
      const visit = await openWithOnly(ctx, cookies, 'control: the remember-me cookies before logout');
      if (visit.kind !== 'logged-in') {
        controlFailed(
          controls.rememberJar,
          `${visit.kind ?? 'an unrecognised page'} at ${visit.state.url} holding only ${names(cookies)}`,
          'the remembered login is bound to something besides its persistent cookies (web storage, the client), so a copy of them cannot test it',
        );
      }
      ctx.memory.set(REMEMBER_COOKIES, cookies);
      ctx.control(controls.rememberJar, `personal data at ${visit.state.url} holding only ${names(cookies)}`);
    },
  };
}

/** After logout and a restart: a new login must be required; the remembered login is no excuse. */
export function expectRememberMeEndedByLogout(): Step {
  return {
    title: 'expect a new login to be required, "remember me" notwithstanding',
    async run(ctx) {
      const visit = lastVisit(ctx);
      judgeVisit(ctx, visit, 'REMEMBER_ME_SURVIVED_LOGOUT', {
        check: 'login required after logout and a restart',
        control: controls.rememberRestart,
        message: 'after logout and a browser restart the remembered login ("remember me") let the user in without a new login',
      });
    },
  };
}

/** A brand-new browser holding only the remember-me cookies copied before logout must be sent to login. */
export function replayRememberCookies(): Step {
  return {
    title: 'put the remember-me cookies copied before logout into a fresh browser and open the protected page',
    async run(ctx) {
      const check = 'the copied remember-me cookies worthless after logout';
      if (!ctx.driver.capabilities.injectCookies) {
        ctx.notApplicable(check, `this driver cannot put cookies into a fresh browser: ${ctx.driver.capabilities.limits.injectCookies ?? 'no cookie injection'}`);
        return;
      }
      const cookies = ctx.memory.get(REMEMBER_COOKIES);
      if (!cookies) {
        ctx.notApplicable(check, 'the portal and its identity provider set no persistent cookie: the remembered login is kept elsewhere (see the evidence)');
        return;
      }
      const visit = await openWithOnly(ctx, cookies, 'replay of the remember-me cookies');
      judgeVisit(ctx, visit, 'REMEMBER_ME_SURVIVED_LOGOUT', {
        check,
        control: controls.rememberJar,
        message: 'the remember-me cookies copied before logout still log the user in: logout did not revoke the remembered login on the server',
        expected: 'the login form (logout revoked the remembered login)',
        seen: `in a fresh profile holding only ${names(cookies)}`,
      });
    },
  };
}
