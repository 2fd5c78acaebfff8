import type { AuditDriver } from '../../drivers/driver';
import { protectedUrl, type Target } from '../../targets/target';
import { controlFailed, controls } from '../controls';
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

type ApiPhase = 'while logged in' | 'after logout';
type BearerTokenSource = NonNullable<NonNullable<Target['api']>['bearerToken']>;

/** The token as this tab's page holds it: an element's attribute, or an entry of the portal's Web Storage. */
export async function readBearerToken(driver: AuditDriver, baseUrl: string, from: BearerTokenSource): Promise<string> {
  if ('selector' in from) {
    const token = await driver.attribute(from.selector, from.attribute);
    if (!token) throw new BrokenError('SELECTOR_MISSING', `no bearer token at ${from.selector}[${from.attribute}]`);
    return token;
  }
  const origin = new URL(baseUrl).origin;
  // storage() reads the current tab's own origin in place: its sessionStorage is this tab's.
  const held = (await driver.storage()).origins.find((o) => o.origin === origin);
  const token = held?.[from.storage][from.key];
  if (!token) {
    throw new BrokenError('SELECTOR_MISSING', `no bearer token in ${from.storage}["${from.key}"] of ${origin}: the target's api.bearerToken names a key this page does not keep`);
  }
  return token;
}

/**
 * The page in this tab calls the portal's API as its own scripts do (its cookies, its bearer token). While
 * logged in the call must succeed: that is the control, without which a wrong API path or token in the target
 * (refused even while logged in) would pass. After logout in another tab the API must refuse: 401/403, or a
 * redirect to the login.
 */
export function callApiFromThisTab(phase: ApiPhase): Step {
  return {
    title: `call the portal's API from this tab (${phase})`,
    async run(ctx) {
      const api = ctx.target.api;
      if (!api) {
        ctx.notApplicable(phase === 'after logout' ? 'API refuses after logout' : controls.api, 'the target declares no API call');
        return;
      }
      const headers: Record<string, string> = {};
      if (api.bearerToken) {
        const token = await readBearerToken(ctx.driver, ctx.target.baseUrl, api.bearerToken);
        ctx.redactor.register(token, 'hash');
        headers.authorization = `Bearer ${token}`;
      }
      const url = new URL(api.path, ctx.target.baseUrl).toString();
      const response = await ctx.driver.fetchFromPage(url, headers);
      const succeeded = response.status >= 200 && response.status < 300;
      const refused = response.status === 401 || response.status === 403 || response.status === 0;
      const seen = response.status === 0 ? 'redirected away (to log in)' : `HTTP ${response.status} from ${url}`;
      if (phase === 'while logged in') {
        if (!succeeded) controlFailed(controls.api, seen, "the target's api.path or api.bearerToken is wrong (the API refuses this call even while logged in)");
        ctx.control(controls.api, seen);
      } else if (succeeded) {
        ctx.finding('OTHER_TAB_STILL_AUTHENTICATED', {
          message: "after logout in another tab, this tab's API call still succeeded",
          expected: 'HTTP 401/403 or a redirect to the login',
          seen,
          url,
        });
      } else if (refused) {
        ctx.pass('API refuses after logout', seen, controls.api);
      } else {
        throw new BrokenError('PAGE_UNRECOGNISED', `the API answered HTTP ${response.status}: neither success nor refusal`);
      }
    },
  };
}
