/**
 * The SPA part's login state as the portal's own routes handle it: the refresh cookie set at login, and its
 * end at logout, at an idle timeout or at a second login. The two defects that keep a token alive are here.
 */
import type { Response } from 'express';
import type { PortalContext } from './context';
import { REFRESH_COOKIE, REFRESH_COOKIE_PATH } from './spa-tokens';

// A session cookie (no Expires), HttpOnly, and sent to the token endpoint only.
const REFRESH_COOKIE_OPTIONS = { path: REFRESH_COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure: false } as const;

export function setRefreshCookie(res: Response, refreshToken: string): void {
  res.cookie(REFRESH_COOKIE, refreshToken, REFRESH_COOKIE_OPTIONS);
}

/** Clearing needs the cookie's own Path: a clearCookie on "/" would leave it in the browser. */
export function clearRefreshCookie(res: Response): void {
  res.clearCookie(REFRESH_COOKIE, REFRESH_COOKIE_OPTIONS);
}

/** Ends the refresh token and every access token minted from it (a second login, an idle timeout). */
export function revokeSpaTokens(ctx: PortalContext, refreshToken: string | undefined): void {
  ctx.spa.revokeAccessOf(refreshToken);
  ctx.spa.revokeRefresh(refreshToken);
}

/** Logout: the same, unless a defect leaves one kind of token alive. */
export function endSpaTokensAtLogout(ctx: PortalContext, refreshToken: string | undefined): void {
  if (ctx.has('access-token-valid-after-logout')) {
    // defect: access-token-valid-after-logout
    // Access tokens are "short-lived anyway": logout leaves them to expire in 15 minutes.
  } else {
    ctx.spa.revokeAccessOf(refreshToken);
  }
  if (ctx.has('refresh-token-not-revoked')) {
    // defect: refresh-token-not-revoked
    // Only the browser forgets the refresh token (its cookie is cleared); the token endpoint still honours it.
  } else {
    ctx.spa.revokeRefresh(refreshToken);
  }
}
