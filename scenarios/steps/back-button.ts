import { protectedUrl } from '../../targets/target';
import { controlFailed, controls } from '../controls';
import type { ScenarioContext, Step } from '../scenario';
import { BrokenError, type FindingCode } from '../verdict';
import { openWithOnly } from './fresh-browser-probe';
import { SIGNAL_MS, toSignal } from './page-kind';

// After logout, the back button and a reload must not show the personal page again: not from the HTTP cache,
// not from a service worker, not from the back/forward cache. WSTG-ATHN-06, ASVS 14.3.2.

const MAX_BACK_STEPS = 4;

/** Presses back until the browser is on the protected page's URL again (the logout flow may add entries). */
export function pressBackToProtectedPage(): Step {
  return {
    title: 'press the back button until the protected page is shown again',
    async run(ctx) {
      const target = protectedUrl(ctx.target);
      const before = ctx.driver.capabilities.httpExchanges ? (await ctx.driver.allExchanges()).length : 0;
      for (let i = 0; i < MAX_BACK_STEPS; i++) {
        const state = await ctx.driver.back();
        if (state.url === target) {
          ctx.control(controls.history, `back ${i + 1} time(s) to ${state.url}`);
          return;
        }
        // A redirect away from the protected URL (to the login) also counts as having gone back to it, when the
        // browser is seen to have asked for the protected page on the way.
        if (await landedOnLogin(ctx)) {
          const asked = ctx.driver.capabilities.httpExchanges && (await ctx.driver.allExchanges()).slice(before).some((e) => e.url === target);
          if (!asked) controlFailed(controls.history, `back landed on the login form at ${state.url} without coming through ${target}`, "the target's protectedPaths[0] is not the page the user was on before logging out");
          ctx.control(controls.history, `back ${i + 1} time(s) to ${target}, which sent the browser to the login form`);
          return;
        }
      }
      const state = await ctx.driver.pageState();
      controlFailed(controls.history, `after ${MAX_BACK_STEPS} presses of back the browser was at ${state.url}, not at ${target}`, "the target's protectedPaths[0] is not the page the user was on before logging out, or the logout replaces the history");
    },
  };
}

async function landedOnLogin(ctx: ScenarioContext): Promise<boolean> {
  return (await ctx.driver.waitForAny({ login: toSignal(ctx.target.loginRequired) }, 300)) !== null;
}

/** Reloads the page the back button showed, as a user who wonders whether they are still logged in. */
export function reloadPage(): Step {
  return { title: 'reload the page', run: async (ctx) => void (await ctx.driver.reload()) };
}

/**
 * Who showed the personal data after logout, by what the server does: the browser's cookies as they are now,
 * in a brand-new browser (no cache, no service worker, no back/forward cache). If the server opens the
 * personal data for them, the session survived logout and the page came live from it: that is no cache
 * finding. If it asks for a login, the page came from the browser's own stores.
 */
async function whoShowedIt(ctx: ScenarioContext): Promise<{ code: FindingCode; why: string }> {
  const caps = ctx.driver.capabilities;
  if (!caps.allOriginCookies || !caps.injectCookies) {
    return { code: 'AUTHENTICATED_PAGE_CACHED', why: 'this driver cannot replay the jar to tell a cache from a live session' };
  }
  const probe = await openWithOnly(ctx, await ctx.driver.cookies(), 'who showed it: the current cookies in a fresh browser');
  if (probe.kind === 'logged-in') {
    return { code: 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT', why: "the server itself still serves the personal data to this browser's cookies: the session survived logout" };
  }
  return { code: 'AUTHENTICATED_PAGE_CACHED', why: `the server refuses this browser's cookies (${probe.kind ?? 'unrecognised page'} in a fresh browser), so the page came from the browser's cache, service worker or back/forward cache` };
}

/** What is on screen must not be the personal data: the login form or the logged-out page are both fine. */
export function expectNoPersonalData(): Step {
  return {
    title: 'expect no personal data on screen',
    async run(ctx) {
      const kind = await ctx.driver.waitForAny(
        {
          'logged-in': toSignal(ctx.target.loggedIn),
          'login-required': toSignal(ctx.target.loginRequired),
          'logged-out': toSignal(ctx.target.logout.done),
        },
        SIGNAL_MS,
      );
      const state = await ctx.driver.pageState();
      const where = `${state.url} (HTTP ${state.status ?? 'from cache or service worker'})`;
      if (kind === 'logged-in') {
        const { code, why } = await whoShowedIt(ctx);
        ctx.finding(code, {
          message: code === 'AUTHENTICATED_PAGE_CACHED' ? 'after logout the browser showed the personal page again without asking the server' : 'after logout the back button and reload showed the personal page, served live by a session that survived logout',
          expected: 'the login form or the logged-out page',
          seen: `personal data of ${ctx.user.id} at ${where}; ${why}`,
          url: state.url,
        });
      } else if (kind) {
        ctx.pass('no personal data after back/reload', `${kind} at ${where}`, controls.history);
      } else {
        throw new BrokenError('PAGE_UNRECOGNISED', `neither personal data, the login form nor the logged-out page at ${where}`);
      }
    },
  };
}

/** Every authenticated page the browser received must forbid storing it: Cache-Control: no-store. */
export function expectAuthenticatedPagesNotStored(): Step {
  return {
    title: 'expect authenticated pages to carry Cache-Control: no-store',
    async run(ctx) {
      const protectedPaths = ctx.target.protectedPaths.map((p) => new URL(p, ctx.target.baseUrl).toString());
      const pages = (await ctx.driver.allExchanges()).filter(
        (e) => e.resourceType === 'document' && e.status === 200 && protectedPaths.includes(e.url),
      );
      if (pages.length === 0) throw new BrokenError('PRECONDITION', 'no authenticated page was received over the network to check');
      const stored = pages.filter((e) => !/no-store/i.test(e.responseHeaders['cache-control'] ?? ''));
      if (stored.length > 0) {
        const first = stored[0]!;
        ctx.finding('AUTHENTICATED_PAGE_CACHED', {
          message: 'an authenticated page may be stored by the browser (no Cache-Control: no-store)',
          expected: 'Cache-Control: no-store on every authenticated page',
          seen: `${first.url}: Cache-Control: ${first.responseHeaders['cache-control'] ?? '(none)'}`,
          url: first.url,
        });
      } else {
        ctx.pass('authenticated pages not stored', `${pages.length} authenticated page(s), all no-store`);
      }
    },
  };
}
