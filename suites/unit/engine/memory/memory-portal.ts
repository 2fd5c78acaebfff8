// A small portal as data, for the in-memory driver (./memory-driver.ts): sessions keyed by cookie, a login form
// with "remember me", a protected page, logout and "log out everywhere", an API call with a bearer token. It is a
// model of what a portal can do wrong, switched on by name (MemoryBehaviour), for fast tests of the scenario
// engine's logic only; the reference portal (portal/) with real browsers stays the proof that the audit works.
// Nothing here is a server: requests are function calls, and no time passes inside a request.

import { randomBytes } from 'node:crypto';

/** What the model does wrong (or, for the control breakers, how a target file could misdescribe it). */
export interface MemoryBehaviour {
  /** Logout clears the cookie but the server keeps the session (rp-session-not-destroyed). */
  logoutKeepsServerSession?: boolean;
  /** Logout only shows the logged-out page: cookie and session stay (logout-link-cosmetic). */
  logoutCosmetic?: boolean;
  /** The session cookie carries Max-Age (30 days) (rp-persistent-session-cookie). */
  persistentSessionCookie?: boolean;
  /** The session cookie is sent without SameSite. */
  sessionCookieWithoutSameSite?: boolean;
  /** The login keeps a token in localStorage, logout leaves it, and the login page signs in from it (token-in-local-storage). */
  tokenInLocalStorage?: boolean;
  /** Authenticated pages lack Cache-Control: no-store, so the browser shows them from history (cacheable-authenticated-pages). */
  cacheablePages?: boolean;
  /** The API accepts a session's token after logout (other-tab-keeps-working). */
  apiIgnoresLogout?: boolean;
  /** "Log out everywhere" ends only the current session (logout-everywhere-local-only). */
  logoutEverywhereLocalOnly?: boolean;
  /** The session id handed out before login stays the session id (session-fixation). */
  sessionFixation?: boolean;
  /** The start page and login form greet the last user by name (previous-user-greeting). */
  previousUserGreeting?: boolean;
  /** Logout leaves the remember-me token valid and its cookie in place. */
  rememberSurvivesLogout?: boolean;
  /** Control breaker: the API refuses every call, even while logged in (a wrong api.path in a target). */
  apiRefusesAlways?: boolean;
  /** Control breaker: a session only works from the browser that logged in, so a copied jar is not logged in. */
  sessionBoundToClient?: boolean;
  /** Control breaker: the "remember me" box is ignored (no remember-me cookie is set). */
  rememberIgnored?: boolean;
}

export interface MemoryUser {
  username: string;
  password: string;
  displayName: string;
}

/** An element the page shows, found by the selector the target names; its attributes. */
export type MemoryElements = Record<string, Record<string, string>>;

export interface MemoryPage {
  title: string;
  text: string;
  elements: MemoryElements;
  /** What a click on an element does: a POST of the page's form fields (selector → field name) to `path`. */
  actions: Record<string, { path: string; fields?: Record<string, string> }>;
  /** What the page becomes once its own scripts have run (a single-page app's data call); none: it stays as it is. */
  later?: MemoryPage;
}

/** A cookie the response sets (`maxAge` undefined: a session cookie; 0: deleted). */
export interface CookieWrite {
  name: string;
  value: string;
  path: string;
  maxAge?: number;
  httpOnly: boolean;
  sameSite?: 'Strict' | 'Lax' | 'None';
}

export interface MemoryRequest {
  method: 'GET' | 'POST';
  path: string;
  cookies: Record<string, string>;
  authorization?: string;
  form?: Record<string, string>;
  /** The browser (profile) sending it: what a session bound to its client checks. */
  client: string;
  /** The portal origin's localStorage in this browser, as the page's scripts see it (read and written). */
  localStorage: Record<string, string>;
}

export interface MemoryResponse {
  status: number;
  headers: Record<string, string>;
  setCookies: CookieWrite[];
  page?: MemoryPage;
}

interface Session {
  user: string | undefined;
  client: string;
}

export const SESSION_COOKIE = 'portal.sid';
export const REMEMBER_COOKIE = 'portal.remember';
export const LAST_USER_COOKIE = 'portal.last';
const TOKEN_KEY = 'access_token';

const id = () => randomBytes(9).toString('base64url');

export class MemoryPortal {
  private readonly sessions = new Map<string, Session>();
  /** Remember-me tokens and API tokens, each naming what it stands for. */
  private readonly rememberTokens = new Map<string, string>();
  private readonly apiTokens = new Map<string, { sid: string; user: string }>();
  /** The log of requests, for tests that want to see what the engine asked. */
  readonly requests: string[] = [];
  /** Every session id and token handed out: secrets no evidence may show. */
  readonly issued: string[] = [];

  constructor(
    readonly users: MemoryUser[],
    readonly behaviour: MemoryBehaviour = {},
  ) {}

  private issue(): string {
    const value = id();
    this.issued.push(value);
    return value;
  }

  handle(request: MemoryRequest): MemoryResponse {
    this.requests.push(`${request.method} ${request.path}`);
    const route = `${request.method} ${request.path}`;
    switch (route) {
      case 'GET /':
        return this.page(200, this.startPage(request));
      case 'GET /login':
        return this.loginPage(request);
      case 'POST /login':
        return this.login(request);
      case 'GET /mina-sidor':
        return this.protectedPage(request);
      case 'POST /logout':
        return this.logout(request, false);
      case 'POST /logout-everywhere':
        return this.logout(request, true);
      case 'GET /utloggad':
        return this.page(200, { title: 'Utloggad', text: 'Du är utloggad', elements: { '#logged-out': {} }, actions: {} });
      case 'GET /api/journal':
        return this.api(request);
      default:
        return this.page(404, { title: 'Finns inte', text: 'Sidan finns inte', elements: {}, actions: {} });
    }
  }

  private page(status: number, page: MemoryPage, setCookies: CookieWrite[] = [], headers: Record<string, string> = {}): MemoryResponse {
    return { status, headers: { 'content-type': 'text/html', ...headers }, setCookies, page };
  }

  private redirect(location: string, setCookies: CookieWrite[] = []): MemoryResponse {
    return { status: 302, headers: { location }, setCookies };
  }

  private sessionCookie(value: string): CookieWrite {
    return {
      name: SESSION_COOKIE,
      value,
      path: '/',
      httpOnly: true,
      ...(this.behaviour.sessionCookieWithoutSameSite ? {} : { sameSite: 'Lax' as const }),
      ...(this.behaviour.persistentSessionCookie ? { maxAge: 30 * 24 * 3600 } : {}),
    };
  }

  /** The logged-in user of this request's session, if its session is live (and, where bound, from its own browser). */
  private loggedInUser(request: MemoryRequest): { sid: string; user: string } | undefined {
    const sid = request.cookies[SESSION_COOKIE];
    const session = sid ? this.sessions.get(sid) : undefined;
    if (!sid || !session?.user) return undefined;
    if (this.behaviour.sessionBoundToClient && session.client !== request.client) return undefined;
    return { sid, user: session.user };
  }

  private newSession(user: string, request: MemoryRequest, keep?: string): { sid: string; cookies: CookieWrite[] } {
    const sid = keep ?? this.issue();
    this.sessions.set(sid, { user, client: request.client });
    const token = this.issue();
    this.apiTokens.set(token, { sid, user });
    const cookies = [this.sessionCookie(sid)];
    if (this.behaviour.previousUserGreeting) cookies.push({ name: LAST_USER_COOKIE, value: user, path: '/', maxAge: 365 * 24 * 3600, httpOnly: false, sameSite: 'Lax' });
    return { sid, cookies };
  }

  private greeting(request: MemoryRequest): string {
    const last = this.behaviour.previousUserGreeting ? this.users.find((u) => u.username === request.cookies[LAST_USER_COOKIE]) : undefined;
    return last ? ` Välkommen tillbaka, ${last.displayName}!` : '';
  }

  private startPage(request: MemoryRequest): MemoryPage {
    return { title: 'Vårdportalen', text: `Vårdportalen.${this.greeting(request)}`, elements: { '#start': {} }, actions: {} };
  }

  private loginPage(request: MemoryRequest): MemoryResponse {
    // defect (model): the login page's script signs in from the token logout left in localStorage.
    const stored = this.behaviour.tokenInLocalStorage ? request.localStorage[TOKEN_KEY] : undefined;
    const owner = stored ? this.apiTokens.get(stored) : undefined;
    if (owner) {
      const { cookies } = this.newSession(owner.user, request);
      return this.redirect('/mina-sidor', cookies);
    }
    // An anonymous session before login: what a fixed session id would be planted into.
    const setCookies = request.cookies[SESSION_COOKIE] && this.sessions.has(request.cookies[SESSION_COOKIE]) ? [] : this.anonymousSession(request);
    const fields = { '#username': 'username', '#password': 'password', '#remember': 'remember' };
    return this.page(
      200,
      { title: 'Logga in', text: `Logga in.${this.greeting(request)}`, elements: { '#username': {}, '#password': {}, '#remember': {}, '#login': {} }, actions: { '#login': { path: '/login', fields } } },
      setCookies,
    );
  }

  private anonymousSession(request: MemoryRequest): CookieWrite[] {
    const sid = this.issue();
    this.sessions.set(sid, { user: undefined, client: request.client });
    return [this.sessionCookie(sid)];
  }

  private login(request: MemoryRequest): MemoryResponse {
    const form = request.form ?? {};
    const user = this.users.find((u) => u.username === form.username && u.password === form.password);
    if (!user) {
      return this.page(200, { title: 'Logga in', text: 'Fel användarnamn eller lösenord', elements: { '#login-error': {}, '#username': {}, '#password': {} }, actions: {} });
    }
    const before = request.cookies[SESSION_COOKIE];
    const fixed = this.behaviour.sessionFixation && before && this.sessions.has(before) ? before : undefined;
    if (before && !fixed) this.sessions.delete(before);
    const { sid, cookies } = this.newSession(user.username, request, fixed);
    if (form.remember === 'on' && !this.behaviour.rememberIgnored) {
      const token = this.issue();
      this.rememberTokens.set(token, user.username);
      cookies.push({ name: REMEMBER_COOKIE, value: token, path: '/', maxAge: 30 * 24 * 3600, httpOnly: true, sameSite: 'Lax' });
    }
    if (this.behaviour.tokenInLocalStorage) request.localStorage[TOKEN_KEY] = this.tokenOf(sid) ?? '';
    return this.redirect('/mina-sidor', cookies);
  }

  private tokenOf(sid: string): string | undefined {
    return [...this.apiTokens].find(([, t]) => t.sid === sid)?.[0];
  }

  private protectedPage(request: MemoryRequest): MemoryResponse {
    let current = this.loggedInUser(request);
    let setCookies: CookieWrite[] = [];
    const remembered = this.rememberTokens.get(request.cookies[REMEMBER_COOKIE] ?? '');
    if (!current && remembered) {
      const fresh = this.newSession(remembered, request);
      current = { sid: fresh.sid, user: remembered };
      setCookies = fresh.cookies;
    }
    if (!current) return this.redirect('/login');
    const user = this.users.find((u) => u.username === current.user)!;
    const token = this.tokenOf(current.sid) ?? '';
    const page: MemoryPage = {
      title: 'Mina sidor',
      text: `Mina sidor för ${user.displayName}. Journal: provsvar 2026-11-30.`,
      elements: { '[data-testid=personal-data]': {}, '#logout': {}, '#logout-everywhere': {}, 'meta[name=api-token]': { content: token } },
      actions: { '#logout': { path: '/logout' }, '#logout-everywhere': { path: '/logout-everywhere' } },
    };
    return this.page(200, page, setCookies, { 'cache-control': this.behaviour.cacheablePages ? 'private, max-age=600' : 'no-store' });
  }

  private logout(request: MemoryRequest, everywhere: boolean): MemoryResponse {
    const current = this.loggedInUser(request);
    if (this.behaviour.logoutCosmetic) return this.redirect('/utloggad');
    const ended = new Set<string>();
    if (current) {
      ended.add(current.sid);
      if (everywhere && !this.behaviour.logoutEverywhereLocalOnly) {
        for (const [sid, s] of this.sessions) if (s.user === current.user) ended.add(sid);
      }
    }
    if (!this.behaviour.logoutKeepsServerSession) for (const sid of ended) this.sessions.delete(sid);
    // defect (model): with tokenInLocalStorage the stored token stays valid, so the login page can sign in from it.
    const tokensOutliveLogout = this.behaviour.apiIgnoresLogout || this.behaviour.tokenInLocalStorage;
    if (!tokensOutliveLogout) for (const [token, t] of this.apiTokens) if (ended.has(t.sid)) this.apiTokens.delete(token);
    const setCookies: CookieWrite[] = [{ ...this.sessionCookie(''), maxAge: 0 }];
    if (!this.behaviour.rememberSurvivesLogout) {
      this.rememberTokens.delete(request.cookies[REMEMBER_COOKIE] ?? '');
      setCookies.push({ name: REMEMBER_COOKIE, value: '', path: '/', maxAge: 0, httpOnly: true });
    }
    // Clean: the logout page's script removes the token; the defect leaves it.
    if (!this.behaviour.tokenInLocalStorage) delete request.localStorage[TOKEN_KEY];
    return this.redirect('/utloggad', setCookies);
  }

  private api(request: MemoryRequest): MemoryResponse {
    const token = /^Bearer (\S+)$/.exec(request.authorization ?? '')?.[1];
    const held = token ? this.apiTokens.get(token) : undefined;
    const live = held !== undefined && (this.sessions.has(held.sid) || this.behaviour.apiIgnoresLogout === true);
    const ok = live && !this.behaviour.apiRefusesAlways;
    return { status: ok ? 200 : 401, headers: { 'content-type': 'application/json' }, setCookies: [] };
  }
}
