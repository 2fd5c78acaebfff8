import { registerSecret } from '../../reports/redact';
import { protectedUrl } from '../../targets/target';
import type { Step } from '../scenario';
import { BrokenError } from '../verdict';
import { recognisePage } from './page-kind';

/** A second tab on the protected page, as a user who opened their journal twice. */
export function openProtectedPageInSecondTab(): Step {
  return {
    title: 'open the protected page in a second tab',
    async run(ctx) {
      await ctx.driver.newTab();
      await ctx.driver.open(protectedUrl(ctx.target));
      if ((await recognisePage(ctx.driver, ctx.target)) !== 'logged-in') {
        throw new BrokenError('PRECONDITION', 'the second tab did not show the personal data while logged in');
      }
    },
  };
}

export function switchToTab(index: number): Step {
  return { title: `switch to tab ${index + 1}`, run: (ctx) => ctx.driver.switchTab(index) };
}

/**
 * The page in the other tab calls the portal's API as its own scripts do (its cookies, its bearer token).
 * After logout in another tab the API must refuse: 401/403, or a redirect to the login.
 */
export function callApiFromThisTab(): Step {
  return {
    title: "call the portal's API from this tab",
    async run(ctx) {
      const api = ctx.target.api;
      if (!api) {
        ctx.notApplicable('API refuses after logout', 'the target declares no API call');
        return;
      }
      const headers: Record<string, string> = {};
      if (api.bearerToken) {
        const token = await ctx.driver.attribute(api.bearerToken.selector, api.bearerToken.attribute);
        if (!token) throw new BrokenError('SELECTOR_MISSING', `no bearer token at ${api.bearerToken.selector}[${api.bearerToken.attribute}]`);
        registerSecret(token, 'hash');
        headers.authorization = `Bearer ${token}`;
      }
      const url = new URL(api.path, ctx.target.baseUrl).toString();
      const response = await ctx.driver.fetchFromPage(url, headers);
      if (response.status >= 200 && response.status < 300) {
        ctx.finding('OTHER_TAB_STILL_AUTHENTICATED', {
          message: "after logout in another tab, this tab's API call still succeeded",
          expected: 'HTTP 401/403 or a redirect to the login',
          seen: `HTTP ${response.status} from ${url}`,
          url,
        });
      } else if (response.status === 401 || response.status === 403 || response.status === 0) {
        ctx.pass('API refuses after logout', response.status === 0 ? 'redirected away (to log in)' : `HTTP ${response.status}`);
      } else {
        throw new BrokenError('PAGE_UNRECOGNISED', `the API answered HTTP ${response.status}: neither success nor refusal`);
      }
    },
  };
}
