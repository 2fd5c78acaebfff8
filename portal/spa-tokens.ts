/**
 * Tokens of Mina sidor's single-page part, the way many SPAs keep a login: a refresh token in an HttpOnly
 * cookie scoped to the token endpoint's path (`Path=/api/auth`), and short-lived access tokens minted from it
 * that the page's script keeps in localStorage and sends as `Authorization: Bearer` to the API. Every access
 * token belongs to the refresh token it was minted from (its family), so logout can end both.
 *
 * Only SHA-256 digests are kept, as in api-tokens.ts: a dump of this map holds nothing a browser could send.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SessionUser } from './session-store';

export const REFRESH_COOKIE = 'vp.refresh';
/** The refresh cookie's Path: only the token endpoint ever receives it. */
export const REFRESH_COOKIE_PATH = '/api/auth';
/** Access tokens live a quarter of an hour, as is common; logout must end them sooner. */
export const ACCESS_TOKEN_SECONDS = 15 * 60;

interface Minted {
  holder: SessionUser;
  kind: 'refresh' | 'access';
  /** The refresh token's digest (its own, for a refresh token). */
  family: string;
  /** ms since the epoch; undefined = until revoked. */
  expiresAt?: number;
  revoked: boolean;
}

const digestOf = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

export class SpaTokens {
  // Grows with every login; a test portal lives minutes, so nothing is ever pruned.
  readonly #minted = new Map<string, Minted>();

  issueRefresh(holder: SessionUser): string {
    const token = newToken();
    const family = digestOf(token);
    this.#minted.set(family, { holder: { ...holder }, kind: 'refresh', family, revoked: false });
    return token;
  }

  /** A new access token for a live refresh token; undefined when the refresh token is unknown or revoked. */
  mintAccess(refreshToken: string): { token: string; holder: SessionUser } | undefined {
    const refresh = this.#live(refreshToken, 'refresh');
    if (!refresh) return undefined;
    const token = newToken();
    this.#minted.set(digestOf(token), { ...refresh, holder: { ...refresh.holder }, kind: 'access', expiresAt: Date.now() + ACCESS_TOKEN_SECONDS * 1000 });
    return { token, holder: refresh.holder };
  }

  /** Who an access token acts for, if it is live (issued here, not revoked, not expired). */
  access(token: string): SessionUser | undefined {
    return this.#live(token, 'access')?.holder;
  }

  revokeRefresh(refreshToken: string | undefined): void {
    const minted = refreshToken === undefined ? undefined : this.#minted.get(digestOf(refreshToken));
    if (minted?.kind === 'refresh') minted.revoked = true;
  }

  /** Revokes every access token minted from this refresh token. */
  revokeAccessOf(refreshToken: string | undefined): void {
    if (refreshToken === undefined) return;
    const family = digestOf(refreshToken);
    for (const minted of this.#minted.values()) if (minted.kind === 'access' && minted.family === family) minted.revoked = true;
  }

  /** Every token of one person, on every device ("Logga ut överallt"). */
  revokeAllOf(sub: string): void {
    for (const minted of this.#minted.values()) if (minted.holder.sub === sub) minted.revoked = true;
  }

  #live(token: string, kind: Minted['kind']): Minted | undefined {
    const minted = this.#minted.get(digestOf(token));
    if (!minted || minted.kind !== kind || minted.revoked) return undefined;
    if (minted.expiresAt !== undefined && minted.expiresAt <= Date.now()) return undefined;
    return minted;
  }
}
