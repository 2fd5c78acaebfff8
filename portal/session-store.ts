/**
 * The portal's server-side sessions: express-session behind the `portal.sid` cookie, over an in-memory store
 * the portal can also search, so that "Logga ut överallt" finds every session of one person (all devices).
 */
import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import session from 'express-session';
import type { DefectId } from './defects';

export interface PendingLogin {
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

export interface SessionUser {
  sub: string;
  name: string;
}

declare module 'express-session' {
  interface SessionData {
    /** Authorization requests in flight, by state, so two tabs logging in at once do not clash. */
    logins?: Record<string, PendingLogin>;
    user?: SessionUser;
    idToken?: string;
    /** The token Mina sidor's own script sends to /api/journal (see api-tokens.ts). */
    apiToken?: string;
    /** The refresh token behind the vp.refresh cookie (spa-tokens.ts): logout revokes it, the cookie never reaches /logout. */
    refreshToken?: string;
    /** When the last authenticated request arrived (ms since the epoch): the idle timeout's clock. */
    lastSeen?: number;
    /** Set when an idle session was ended: the next authorization request makes the IdP ask for credentials. */
    reauthenticate?: boolean;
  }
}

export const SESSION_COOKIE = 'portal.sid';

const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

export interface PortalSessions {
  /** express-session, configured for the portal. */
  middleware: RequestHandler;
  /** Destroys every stored session of `sub` except the one with id `keep`; resolves to how many were destroyed. */
  destroyAllOf(sub: string, keep?: string): Promise<number>;
}

export function createSessions(defects: readonly DefectId[]): PortalSessions {
  // The default store, but an instance of our own: its all() is how sessions are found by person.
  const store = new session.MemoryStore();
  let maxAge: number | undefined;
  if (defects.includes('rp-persistent-session-cookie')) {
    // defect: rp-persistent-session-cookie
    // express-session turns maxAge into an Expires attribute: the cookie outlives the browser.
    maxAge = THIRTY_DAYS_MS;
  }
  const middleware = session({
    name: SESSION_COOKIE,
    secret: randomBytes(32).toString('base64url'),
    store,
    resave: false,
    saveUninitialized: false,
    // No maxAge when clean: a session cookie, gone when the browser closes (unless the browser restores sessions).
    cookie: { httpOnly: true, sameSite: 'lax', path: '/', secure: false, ...(maxAge === undefined ? {} : { maxAge }) },
  });

  async function destroyAllOf(sub: string, keep?: string): Promise<number> {
    const all = await new Promise<Record<string, session.SessionData>>((resolve, reject) =>
      store.all((err: unknown, sessions) => (err ? reject(err) : resolve(sessions ?? {}))),
    );
    const doomed = Object.entries(all)
      .filter(([sid, data]) => sid !== keep && data.user?.sub === sub)
      .map(([sid]) => sid);
    await Promise.all(doomed.map((sid) => new Promise<void>((resolve, reject) => store.destroy(sid, (err: unknown) => (err ? reject(err) : resolve())))));
    return doomed.length;
  }

  return { middleware, destroyAllOf };
}

/** A new session id for this request; the old session is destroyed in the store. */
export function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err: unknown) => (err ? reject(err) : resolve())));
}

export function destroy(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.destroy((err: unknown) => (err ? reject(err) : resolve())));
}
