/**
 * The idle timeout. Every request of a logged-in session records its arrival time; a request arriving more
 * than the timeout after the previous one finds the session over: it is destroyed (a new, anonymous session
 * takes its place) and its API token revoked. The new session is marked so that the next authorization
 * request carries prompt=login: the IdP's single sign-on session is still alive and would otherwise log the
 * user straight back in, and the timeout would protect nothing. Anonymous requests do not count.
 *
 * A logout is never turned away for arriving late (it is still recorded as activity): it ends the session
 * anyway, and it needs what the session holds, the id_token for the IdP's end_session and the person for
 * "Logga ut överallt". Expiring it first would quietly turn "log out everywhere" into a local logout.
 */
import type { Request, RequestHandler } from 'express';
import type { PortalContext } from './context';
import { regenerate } from './session-store';
import { revokeSpaTokens } from './spa-session';

export function idleTimeout(ctx: PortalContext, enforce: boolean, isLogout: (req: Request) => boolean): RequestHandler {
  const limitMs = ctx.idleTimeoutSeconds * 1000;
  return async (req, _res, next) => {
    const { user, lastSeen } = req.session;
    if (!user) return next();
    const now = ctx.now();
    if (enforce && lastSeen !== undefined && now - lastSeen > limitMs && !isLogout(req)) {
      ctx.tokens.revoke(req.session.apiToken);
      revokeSpaTokens(ctx, req.session.refreshToken);
      await regenerate(req);
      req.session.reauthenticate = true;
      ctx.log(`portal: session of ${user.sub} ended after ${Math.round((now - lastSeen) / 1000)} s idle`);
      return next();
    }
    req.session.lastSeen = now;
    next();
  };
}
