import type { AuditCookie } from '../../drivers/driver';
import { controlFailed, controls } from '../controls';
import type { ScenarioContext, Step } from '../scenario';
import { BrokenError } from '../verdict';
import { loginOrigins, readBrowserData, type BrowserData } from './browser-holdings';
import { cookieValuesHeldSinceLoginForm, describeEntries, tracesOf } from './login-traces';
import { dataLinesOf, heldWhileLoggedIn, userPartOf, type UserMarks } from './of-the-user';

// What the browser keeps of the user, on the portal's and the identity provider's origins: cookies, Web
// Storage, IndexedDB, Cache Storage and service workers. ASVS 14.3.1 / 14.3.3: after logout none of it may
// still hold the user's session or data. Residue is what came with the login: the baseline is the browser as
// the login form appeared (login() notes it), so what the login page gives every visitor is not the user's.

export type { BrowserData } from './browser-holdings';

declare module '../scenario' {
  interface ScenarioMemoryKeys {
    /** What the browser held while logged in, to tell what the login put there. */
    'browserData:while logged in': BrowserData;
    /** What the run knew of the user by then, to tell the user's leftovers from a page's own state. */
    userMarks: UserMarks;
  }
}

/** Takes stock of what the browser holds, under a name later steps compare against. */
export function takeStockOfBrowserData(label: 'while logged in'): Step {
  return {
    title: `take stock of what the browser keeps (${label})`,
    async run(ctx) {
      const data = await readBrowserData(ctx);
      ctx.memory.set(`browserData:${label}`, data);
      ctx.memory.set('userMarks', await userMarksNow(ctx, data));
    },
  };
}

/** Every cookie value held since the login form, the bearer tokens the pages sent, and the user's names. */
async function userMarksNow(ctx: ScenarioContext, data: BrowserData): Promise<UserMarks> {
  const held = await cookieValuesHeldSinceLoginForm(ctx, data.cookies);
  const sent = (await ctx.driver.allExchanges()).slice(ctx.memory.get('exchangesAtLoginForm') ?? 0);
  const bearers = sent.map((e) => /^Bearer\s+(\S+)/i.exec(e.requestAuthorization ?? '')?.[1]).filter((t): t is string => t !== undefined);
  return {
    heldCookies: new Set(held.map((h) => `${h.name}=${h.value}`)),
    credentials: [...new Set([...bearers, ...held.map((h) => h.value)])],
    identity: [ctx.user.username, ctx.user.id, ...(ctx.user.displayName ? [ctx.user.displayName] : [])],
    // The protected page is open (the step before this one opened it): what it shows is the user's data.
    shownData: dataLinesOf(await ctx.driver.text().catch(() => '')),
  };
}

const sameCookie = (a: AuditCookie, b: AuditCookie) => a.name === b.name && a.domain === b.domain && a.path === b.path;

/** What of the login is still in the browser (`found`), and what the login left that holds nothing of the user (`notTheUsers`). */
export interface Leftovers {
  found: string[];
  notTheUsers: string[];
}

/**
 * What of the login is still in the browser. A session cookie of the login counts while it holds any value it
 * held while logged in (a portal that rewrites its cookie on every response must not escape by it), not when
 * it went back to its value from before login or, ending with the browser, has a new value issued after logout
 * (a fresh anonymous session: whether the browser's cookies still open anything is logout-revisit's question;
 * a persistent cookie of the login counts whatever its value); any other cookie counts while
 * it holds its logged-in value. A Web Storage entry the login added counts while it holds something of the user
 * (./of-the-user.ts); one holding only the page's state is listed apart. Databases, caches and workers the
 * login added count as long as they are there.
 */
export function leftovers(baseline: BrowserData, loggedIn: BrowserData, now: BrowserData, fromLogin: AuditCookie[], marks: UserMarks): Leftovers {
  const found: string[] = [];
  const notTheUsers: string[] = [];
  for (const c of now.cookies) {
    const before = baseline.cookies.find((b) => sameCookie(b, c));
    if (before?.value === c.value) continue;
    if (fromLogin.some((l) => sameCookie(l, c))) {
      const same = fromLogin.some((l) => sameCookie(l, c) && l.value === c.value);
      if (same) found.push(`session cookie ${c.name} (${c.domain}), with its logged-in value`);
      else if (heldWhileLoggedIn(marks, c.name, c.value)) found.push(`session cookie ${c.name} (${c.domain}), with a value it held while logged in`);
      // A persistent one outlives the browser for the next person whatever its value (phpMyAdmin re-encrypts
      // its remembered user name on every response); a new value of one that ends with the browser is a fresh session.
      else if (c.expires !== -1) found.push(`persistent cookie ${c.name} (${c.domain}) of the login, rewritten since`);
      else notTheUsers.push(`session cookie ${c.name} (${c.domain}), a new value issued after logout`);
    } else if (loggedIn.cookies.some((l) => sameCookie(l, c) && l.value === c.value)) {
      found.push(`cookie ${c.name} (${c.domain}) still holds its logged-in value`);
    }
  }
  for (const o of now.origins) {
    const base = baseline.origins.find((b) => b.origin === o.origin);
    const during = loggedIn.origins.find((l) => l.origin === o.origin);
    for (const area of ['localStorage', 'sessionStorage'] as const) {
      for (const [key, value] of Object.entries(o[area])) {
        if (!(key in (during?.[area] ?? {})) || base?.[area][key] === value) continue;
        const why = userPartOf(key, value, marks);
        if (why) found.push(`${area} "${key}" on ${o.origin} (${why})`);
        else notTheUsers.push(`${area} "${key}" on ${o.origin}`);
      }
    }
    for (const area of ['indexedDB', 'cacheStorage', 'serviceWorkers'] as const) {
      for (const name of o[area]) {
        if (!base?.[area].includes(name)) found.push(`${area === 'serviceWorkers' ? 'service worker' : area} ${name} on ${o.origin}`);
      }
    }
  }
  return { found, notTheUsers };
}

/** After logout nothing the login put into the browser may remain. */
export function expectNothingOfTheUserLeft(): Step {
  return {
    title: 'expect nothing of the user left in the browser',
    async run(ctx) {
      const baseline = ctx.memory.get('browserData:at login form');
      const loggedIn = ctx.memory.get('browserData:while logged in');
      if (!baseline) throw new BrokenError('PRECONDITION', 'no baseline of the browser at the login form: log in with the login step first');
      if (!loggedIn) throw new BrokenError('PRECONDITION', 'take stock of the browser while logged in first');
      // The control: the check below can only see a leftover session if it can see the session at all, in
      // session cookies or, for a login kept in Web Storage, in the entries the login stored.
      const traces = tracesOf(ctx, baseline, loggedIn);
      const fromLogin = traces.cookies;
      // A target that names its session cookies is misdescribed when none came, whatever else the login stored.
      if (fromLogin.length === 0 && (ctx.target.sessionCookies !== undefined || traces.storage.length === 0)) {
        controlFailed(
          controls.loginLeftData,
          `no session cookie of ${loginOrigins(ctx.target).join(' or ')} came with the login, nor any Web Storage entry`,
          "the target's sessionCookies names no cookie the portal sets (default: HttpOnly cookies of the portal and its identity provider)",
        );
      }
      const cookiesSeen = fromLogin.length > 0 ? `session cookies from the login: ${fromLogin.map((c) => `${c.name} (${c.domain})`).join(', ')}` : '';
      const storageSeen = traces.storage.length > 0 ? `Web Storage from the login: ${describeEntries(traces.storage)}` : '';
      ctx.control(controls.loginLeftData, [cookiesSeen, storageSeen].filter(Boolean).join('; '));
      const now = await readBrowserData(ctx);
      // What the check read, under its step: the identity provider's origin is read through a page of its own,
      // which the step's own capture (the open tabs' origins) does not reach. Values as keyed hashes.
      await ctx.attachJson('what the browser keeps after logout, as the check read it', {
        cookies: ctx.redactor.cookies(now.cookies),
        storage: ctx.redactor.storage({ origins: now.origins }).origins,
      });
      const clearSiteData = (await ctx.driver.allExchanges()).some((e) => e.responseHeaders['clear-site-data']);
      const note = clearSiteData ? 'the logout sent Clear-Site-Data' : 'no Clear-Site-Data header was sent at logout';
      const marks = ctx.memory.get('userMarks');
      if (!marks) throw new BrokenError('PRECONDITION', 'take stock of the browser while logged in first');
      const { found, notTheUsers } = leftovers(baseline, loggedIn, now, fromLogin, marks);
      const apart = notTheUsers.length > 0 ? `; left, holding nothing of the user: ${notTheUsers.join(', ')}` : '';
      if (found.length > 0) {
        ctx.finding('AUTH_DATA_LEFT_IN_BROWSER', {
          message: `after logout the browser still keeps what the login put there (${note})`,
          expected: 'no cookie, storage entry, database, cache or service worker of the logged-in user',
          seen: `${found.join('; ')}${apart}`,
        });
      } else {
        ctx.pass('nothing of the user left', `checked ${now.origins.map((o) => o.origin).join(' and ')}; ${note}${apart}`, controls.loginLeftData);
      }
    },
  };
}
