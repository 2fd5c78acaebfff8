import { protectedUrl } from '../../targets/target';
import type { Step } from '../scenario';
import { BrokenError } from '../verdict';
import { SETTLE_MS, toSignal } from './page-kind';

// After logout, the back button and a reload must not show the personal page again: not from the HTTP cache,
// not from a service worker, not from the back/forward cache. WSTG-ATHN-06, ASVS 14.3.2.

const MAX_BACK_STEPS = 4;

/** Presses back until the browser is on the protected page's URL again (the logout flow may add entries). */
export function pressBackToProtectedPage(): Step {
  return {
    title: 'press the back button until the protected page is shown again',
    async run(ctx) {
      const target = protectedUrl(ctx.target);
      for (let i = 0; i < MAX_BACK_STEPS; i++) {
        const state = await ctx.driver.back();
        // A redirect away from the protected URL (to the login) also counts as having gone back to it.
        if (state.url === target || (await landedOnLogin(ctx))) return;
      }
      const state = await ctx.driver.pageState();
      throw new BrokenError('PRECONDITION', `after ${MAX_BACK_STEPS} presses of back the browser was at ${state.url}, not at ${target}`);
    },
  };
}

async function landedOnLogin(ctx: Parameters<Step['run']>[0]): Promise<boolean> {
  return (await ctx.driver.waitForAny({ login: toSignal(ctx.target.loginRequired) }, 300)) !== null;
}

/** Reloads the page the back button showed, as a user who wonders whether they are still logged in. */
export function reloadPage(): Step {
  return { title: 'reload the page', run: async (ctx) => void (await ctx.driver.reload()) };
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
        SETTLE_MS,
      );
      const state = await ctx.driver.pageState();
      const where = `${state.url} (HTTP ${state.status ?? 'from cache or service worker'})`;
      if (kind === 'logged-in') {
        ctx.finding('AUTHENTICATED_PAGE_CACHED', {
          message: 'after logout the browser showed the personal page again without asking the server',
          expected: 'the login form or the logged-out page',
          seen: `personal data of ${ctx.user.id} at ${where}`,
          url: state.url,
        });
      } else if (kind) {
        ctx.pass('no personal data after back/reload', `${kind} at ${where}`);
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
