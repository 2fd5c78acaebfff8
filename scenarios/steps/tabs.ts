import type { AuditDriver } from '../../drivers/driver';
import { protectedUrl, type Target } from '../../targets/target';
import { controlFailed, controls } from '../controls';
import type { ScenarioContext, Step } from '../scenario';
import { BrokenError } from '../verdict';
import { recognisePage } from './page-kind';
import { accepted } from './refusal';

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
type ValueInPage = NonNullable<NonNullable<Target['api']>['bearerToken']>;

const API_HEADERS = 'apiHeadersReadWhileLoggedIn';

declare module '../scenario' {
  interface ScenarioMemoryKeys {
    /** The headers (bearer token, anti-CSRF nonce) the other tab's page held while logged in, as the API got them. */
    [API_HEADERS]: Record<string, string>;
  }
}

/** Follows a dot path ("tokens.access") into a JSON value; undefined where it leads nowhere. */
function fieldAt(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((at, name) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[name] : undefined), value);
}

/**
 * A value as this tab's page holds it: an element's attribute, or an entry of the portal's Web Storage (a field
 * of its JSON, where `field` is given). `what` names it for people ("bearer token"); `where` names the target's
 * field that said where to look ("api.bearerToken"). The value itself never goes into a message: it is a secret.
 */
export async function readFromPage(driver: AuditDriver, baseUrl: string, from: ValueInPage, what: string, where: string): Promise<string> {
  if ('selector' in from) {
    const value = await driver.attribute(from.selector, from.attribute);
    if (!value) throw new BrokenError('SELECTOR_MISSING', `no ${what} at ${from.selector}[${from.attribute}]`);
    return value;
  }
  const origin = new URL(baseUrl).origin;
  const entry = `${from.storage}["${from.key}"] of ${origin}`;
  // storage() reads the current tab's own origin in place: its sessionStorage is this tab's.
  const held = (await driver.storage()).origins.find((o) => o.origin === origin)?.[from.storage][from.key];
  if (!held) throw new BrokenError('SELECTOR_MISSING', `no ${what} in ${entry}: the target's ${where} names a key this page does not keep`);
  if (from.field === undefined) return held;
  let json: unknown;
  try {
    json = JSON.parse(held);
  } catch {
    throw new BrokenError('PRECONDITION', `${entry} is not JSON, so ${where}.field "${from.field}" cannot be read from it: leave field out when the entry is the ${what} itself`);
  }
  const value = fieldAt(json, from.field);
  if (typeof value !== 'string' || value === '') {
    // The names beside the one looked for (never their values) tell a misspelt field from a wrong entry.
    const parent = from.field.includes('.') ? fieldAt(json, from.field.slice(0, from.field.lastIndexOf('.'))) : json;
    const names = parent !== null && typeof parent === 'object' ? Object.keys(parent) : [];
    throw new BrokenError('PRECONDITION', `${entry} is JSON without a ${what} at "${from.field}" (${where}.field); its fields there: ${names.join(', ') || 'none'}`);
  }
  return value;
}

/** The token as this tab's page holds it (see readFromPage). */
export function readBearerToken(driver: AuditDriver, baseUrl: string, from: ValueInPage): Promise<string> {
  return readFromPage(driver, baseUrl, from, 'bearer token', 'api.bearerToken');
}

/** The headers the target says the page sends with its API calls, read from this tab, each value a registered secret. */
async function apiHeadersOfThisTab(ctx: ScenarioContext, api: NonNullable<Target['api']>): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  if (api.bearerToken) {
    const token = await readBearerToken(ctx.driver, ctx.target.baseUrl, api.bearerToken);
    ctx.redactor.register(token, 'hash');
    headers.authorization = `Bearer ${token}`;
  }
  for (const [i, { name, from }] of (api.headers ?? []).entries()) {
    const value = await readFromPage(ctx.driver, ctx.target.baseUrl, from, `${name} header`, `api.headers.${i}.from`);
    ctx.redactor.register(value, 'hash');
    headers[name] = value;
  }
  return headers;
}

/**
 * The page in this tab calls the portal's API as its own scripts do (its cookies, its bearer token, its other
 * headers). While logged in the call must succeed: that is the control, without which a wrong API path or token
 * in the target (refused even while logged in) would pass. The token and headers are read then, before the
 * other tab logs out: a page keeps using what it read while logged in, and a token in shared localStorage is
 * gone from storage once logout empties it. After logout in another tab the API must refuse (./refusal.ts).
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
      if (phase === 'while logged in') ctx.memory.set(API_HEADERS, await apiHeadersOfThisTab(ctx, api));
      const headers = ctx.memory.get(API_HEADERS);
      if (!headers) throw new BrokenError('PRECONDITION', "the API call after logout needs the token and headers read while logged in, and no step read them");
      const url = new URL(api.path, ctx.target.baseUrl).toString();
      const response = await ctx.driver.fetchFromPage(url, headers);
      const seen = response.status === 0 ? 'redirected away (to log in)' : `HTTP ${response.status} from ${url}`;
      if (phase === 'while logged in') {
        if (!accepted(response.status)) controlFailed(controls.api, seen, "the target's api.path or api.bearerToken is wrong, or api.headers lacks one the API wants (the API refuses this call even while logged in)");
        ctx.control(controls.api, seen);
      } else if (accepted(response.status)) {
        ctx.finding('OTHER_TAB_STILL_AUTHENTICATED', {
          message: "after logout in another tab, this tab's API call still succeeded",
          expected: 'a refusal: any answer but 2xx (401, 403, 400, a redirect to the login)',
          seen,
          url,
        });
      } else {
        ctx.pass('API refuses after logout', seen, controls.api);
      }
    },
  };
}
