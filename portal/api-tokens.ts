/**
 * Tokens for the portal's own API. Mina sidor hands its script a token (a common single-page-app pattern)
 * that /api/journal accepts as `Authorization: Bearer`; each token is bound to one portal session and is
 * revoked when that session ends.
 *
 * Only a SHA-256 digest of each token is kept: a look-up by digest does not time-leak the token, and a dump
 * of this map holds nothing a browser could send.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SessionUser } from './session-store';

interface Issued {
  holder: SessionUser;
  revoked: boolean;
}

const digest = (token: string) => createHash('sha256').update(token).digest();

/** Equal tokens, compared in time independent of where they differ. */
export function sameToken(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** The token of an `Authorization: Bearer <token>` header, if the request carries one. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(header ?? '');
  return m?.[1];
}

export class ApiTokens {
  // Grows with every login; a test portal lives minutes, so nothing is ever pruned.
  readonly #issued = new Map<string, Issued>();

  issue(holder: SessionUser): string {
    const token = randomBytes(32).toString('base64url');
    this.#issued.set(digest(token).toString('hex'), { holder: { ...holder }, revoked: false });
    return token;
  }

  /** Who holds the token, if it was issued here and has not been revoked. */
  live(token: string): SessionUser | undefined {
    const issued = this.#issued.get(digest(token).toString('hex'));
    return issued && !issued.revoked ? issued.holder : undefined;
  }

  /** Who held the token, if it was ever issued here, revoked or not. Only a defect asks this. */
  everIssued(token: string): SessionUser | undefined {
    return this.#issued.get(digest(token).toString('hex'))?.holder;
  }

  revoke(token: string | undefined): void {
    if (token === undefined) return;
    const issued = this.#issued.get(digest(token).toString('hex'));
    if (issued) issued.revoked = true;
  }

  /** Revokes every token of one person, on every device. */
  revokeAllOf(sub: string): void {
    for (const issued of this.#issued.values()) if (issued.holder.sub === sub) issued.revoked = true;
  }
}
