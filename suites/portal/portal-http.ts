/**
 * A browser stand-in over plain HTTP for testing the reference portal: Playwright's APIRequestContext keeps
 * the cookie jar, and redirects are followed by hand so every hop (status, Location, Set-Cookie) can be
 * checked. JavaScript is not run, so the IdP's auto-submitted logout form is submitted here explicitly.
 */
import type { APIRequestContext, APIResponse } from '@playwright/test';
import type { RunningPortal, TestUser } from '../../portal/start';

export interface Hop {
  method: string;
  url: string;
  status: number;
  location?: string;
  setCookies: string[];
}

export interface Walk {
  hops: Hop[];
  /** URL of the last response (the page the browser would show). */
  url: string;
  final: APIResponse;
  body: string;
}

export interface FirstRequest {
  method?: 'GET' | 'POST';
  form?: Record<string, string>;
}

const MAX_HOPS = 12;

export async function walk(api: APIRequestContext, url: string, first: FirstRequest = {}): Promise<Walk> {
  const hops: Hop[] = [];
  let next: { url: string } & FirstRequest = { url, ...first };
  for (let i = 0; i < MAX_HOPS; i++) {
    const method = next.method ?? 'GET';
    const res = await api.fetch(next.url, { method, form: next.form, maxRedirects: 0 });
    const location = res.headers()['location'];
    const setCookies = res.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value);
    hops.push({ method, url: next.url, status: res.status(), location, setCookies });
    if (res.status() >= 300 && res.status() < 400 && location) {
      // Browsers turn a POST into a GET on 301/302/303.
      next = { url: new URL(location, next.url).href };
      continue;
    }
    return { hops, url: next.url, final: res, body: await res.text() };
  }
  throw new Error(`more than ${MAX_HOPS} redirects from ${url}`);
}

function decodeEntities(s: string): string {
  return s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return m?.[1] === undefined ? undefined : decodeEntities(m[1]);
}

export interface ParsedForm {
  action: string;
  /** Hidden inputs, by name. */
  hidden: Record<string, string>;
}

/** Finds `<form id="...">` (or, without an id, the first form) in a page: its absolute action and hidden inputs. */
export function findForm(page: Walk, id?: string): ParsedForm | undefined {
  const escaped = id?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const opening = escaped === undefined ? '<form[^>]*>' : `<form[^>]*\\sid="${escaped}"[^>]*>`;
  const m = new RegExp(`(${opening})([\\s\\S]*?)</form>`, 'i').exec(page.body);
  if (!m) return undefined;
  const hidden: Record<string, string> = {};
  for (const input of m[2]!.match(/<input[^>]*>/gi) ?? []) {
    const name = attr(input, 'name');
    if (name && attr(input, 'type') === 'hidden') hidden[name] = attr(input, 'value') ?? '';
  }
  return { action: new URL(attr(m[1]!, 'action') ?? '', page.url).href, hidden };
}

export const PERSONAL_DATA = 'data-testid="personal-data"';

export function isLoginForm(page: Walk): boolean {
  return findForm(page, 'login') !== undefined && page.body.includes('name="password"');
}

export function showsPersonalData(page: Walk): boolean {
  return page.body.includes(PERSONAL_DATA);
}

/** Opens Mina sidor, is sent to the IdP, and signs in there. */
export async function login(
  api: APIRequestContext,
  portal: RunningPortal,
  user: TestUser,
  opts: { password?: string; remember?: boolean } = {},
): Promise<{ start: Walk; done: Walk }> {
  const start = await walk(api, `${portal.portalUrl}/mina-sidor`);
  const form = findForm(start, 'login');
  if (!form) throw new Error(`no login form at ${start.url} (HTTP ${start.final.status()})`);
  const fields: Record<string, string> = { username: user.username, password: opts.password ?? user.password };
  if (opts.remember) fields.remember = 'yes';
  const done = await walk(api, form.action, { method: 'POST', form: fields });
  return { start, done };
}

/**
 * Clicks "Logga ut" (or, with path /logout/everywhere, "Logga ut överallt") and, when the IdP answers with
 * a form (its confirm form, or oidc-provider's own auto-submitted one when its session is already gone),
 * submits it as the page's script would. `confirm` is that form as sent (undefined when there was none).
 */
export async function logout(
  api: APIRequestContext,
  portal: RunningPortal,
  path: '/logout' | '/logout/everywhere' = '/logout',
): Promise<{ first: Walk; confirm?: ParsedForm; done: Walk }> {
  const first = await walk(api, `${portal.portalUrl}${path}`, { method: 'POST' });
  const confirm = first.url.startsWith(portal.idpUrl) ? (findForm(first, 'op.logoutForm') ?? findForm(first)) : undefined;
  if (!confirm) return { first, done: first };
  const done = await walk(api, confirm.action, { method: 'POST', form: confirm.hidden });
  return { first, confirm, done };
}

/** An authorization request with prompt=none: where the IdP sends it says whether its SSO session lives. */
export async function promptNone(api: APIRequestContext, portal: RunningPortal): Promise<URL> {
  const url = new URL(`${portal.idpUrl}/auth`);
  url.search = new URLSearchParams({
    client_id: portal.clientId,
    redirect_uri: `${portal.portalUrl}/callback`,
    response_type: 'code',
    scope: 'openid',
    prompt: 'none',
    state: 'probe',
  }).toString();
  const res = await api.fetch(url.href, { maxRedirects: 0 });
  const location = res.headers()['location'];
  if (!location) throw new Error(`prompt=none: no redirect from the IdP (HTTP ${res.status()})`);
  return new URL(location);
}

/** An attribute of the element with the given id, entities decoded. */
export function elementAttribute(page: Walk, id: string, name: string): string | undefined {
  const tag = new RegExp(`<[a-z0-9]+[^>]*\\sid="${id}"[^>]*>`, 'i').exec(page.body)?.[0];
  return tag === undefined ? undefined : attr(tag, name);
}

/** The content of `<meta name="...">` in a page. */
export function metaContent(page: Walk, name: string): string | undefined {
  const tag = new RegExp(`<meta[^>]*\\sname="${name}"[^>]*>`, 'i').exec(page.body)?.[0];
  return tag === undefined ? undefined : attr(tag, 'content');
}

/** GET /api/journal as Mina sidor's script sends it: the jar's cookies, and the bearer token if given. */
export async function journalApi(api: APIRequestContext, portal: RunningPortal, token?: string): Promise<APIResponse> {
  return api.get(`${portal.portalUrl}/api/journal`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
}

export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names in lower case, with their values ('' for flags). */
  attributes: Map<string, string>;
}

export function parseSetCookie(header: string): SetCookie {
  const [pair = '', ...rest] = header.split(';');
  const attributes = new Map<string, string>();
  for (const part of rest) {
    const [k = '', ...v] = part.split('=');
    attributes.set(k.trim().toLowerCase(), v.join('=').trim());
  }
  const eq = pair.indexOf('=');
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes };
}

/** Every Set-Cookie of a walk for the named cookie, in order. */
export function setCookiesNamed(walks: readonly Walk[], name: string): SetCookie[] {
  return walks
    .flatMap((w) => w.hops.flatMap((h) => h.setCookies))
    .map(parseSetCookie)
    .filter((c) => c.name === name);
}
