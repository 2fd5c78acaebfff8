/**
 * The SAML identity provider's single sign-on sessions: in memory, behind the `idp.session` cookie. A session
 * is what lets a later AuthnRequest be answered without asking for credentials; single logout ends it.
 */
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { cookieValue } from './request-cookie';

export const SAML_IDP_SESSION_COOKIE = 'idp.session';

/** Server-side lifetime of an SSO session: a working day without "remember me", 30 days with it. */
const TRANSIENT_TTL_MS = 8 * 60 * 60 * 1000;
const REMEMBERED_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface SamlIdpSession {
  username: string;
  /** The assertion's SessionIndex: a LogoutRequest names it. */
  sessionIndex: string;
  remembered: boolean;
  expiresAt: number;
}

export class SamlIdpSessions {
  private readonly byId = new Map<string, SamlIdpSession>();

  /** The live session the browser's cookie names, if any. */
  current(req: Request): { id: string; session: SamlIdpSession } | undefined {
    const id = cookieValue(req, SAML_IDP_SESSION_COOKIE);
    const session = id === undefined ? undefined : this.byId.get(id);
    if (!id || !session) return undefined;
    if (session.expiresAt <= Date.now()) {
      this.byId.delete(id);
      return undefined;
    }
    return { id, session };
  }

  /** Starts a session under a new id (an id planted before login is worthless) and sets its cookie. */
  start(res: Response, username: string, remembered: boolean): SamlIdpSession {
    const id = randomBytes(32).toString('base64url');
    const ttl = remembered ? REMEMBERED_TTL_MS : TRANSIENT_TTL_MS;
    const session = { username, sessionIndex: `_${randomBytes(16).toString('hex')}`, remembered, expiresAt: Date.now() + ttl };
    this.byId.set(id, session);
    // Without "remember me" a session cookie (no Max-Age), gone when the browser closes.
    res.cookie(SAML_IDP_SESSION_COOKIE, id, { httpOnly: true, sameSite: 'lax', secure: false, path: '/', ...(remembered ? { maxAge: ttl } : {}) });
    return session;
  }

  end(id: string, res: Response): void {
    this.byId.delete(id);
    res.clearCookie(SAML_IDP_SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: false, path: '/' });
  }

  /** Ends every session of one person (the portal's "log out everywhere"); returns how many. */
  endAllOf(username: string): number {
    let ended = 0;
    for (const [id, session] of this.byId) {
      if (session.username !== username) continue;
      this.byId.delete(id);
      ended += 1;
    }
    return ended;
  }
}
