/**
 * The portal's JSON API, called by Mina sidor's own script.
 *
 * GET /api/journal answers only for a live session (the portal.sid cookie) and, when the request also
 * carries `Authorization: Bearer <token>`, only if that token is the one issued to that same session and not
 * revoked. 401 with a short error code otherwise.
 */
import express, { type Request } from 'express';
import { bearerToken, sameToken } from './api-tokens';
import type { PortalContext } from './context';
import { personalView } from './pages';
import { regenerate, type SessionUser } from './session-store';

export function apiRoutes(ctx: PortalContext): express.Router {
  const router = express.Router();

  /** The person the request may act for, or an error code for the 401. */
  function authorise(req: Request): SessionUser | { error: string } {
    const bearer = bearerToken(req.get('authorization'));
    if (bearer !== undefined && ctx.has('other-tab-keeps-working')) {
      // defect: other-tab-keeps-working
      // The token alone is trusted: no look at the session it was issued to, or whether that still lives.
      const holder = ctx.tokens.everIssued(bearer);
      if (holder) return holder;
    }
    const user = req.session.user;
    if (!user) return { error: 'unauthenticated' };
    if (bearer === undefined) return user;
    const issued = req.session.apiToken;
    if (issued === undefined || !sameToken(bearer, issued) || !ctx.tokens.live(bearer)) return { error: 'invalid_token' };
    return user;
  }

  router.get('/api/journal', (req, res) => {
    const who = authorise(req);
    if ('error' in who) {
      res.status(401).json(who);
      return;
    }
    res.json(personalView(who));
  });

  if (ctx.has('token-in-local-storage')) {
    // defect: token-in-local-storage
    // "Remember me" built on the API token: any token this portal ever issued, revoked or not, opens a new
    // session for its holder. The signing-in page at /login calls this with the token it found in localStorage.
    router.post('/api/resume', async (req, res) => {
      const bearer = bearerToken(req.get('authorization'));
      const holder = bearer === undefined ? undefined : ctx.tokens.everIssued(bearer);
      if (!holder) {
        res.status(401).json({ error: 'invalid_token' });
        return;
      }
      await regenerate(req);
      req.session.user = { ...holder };
      req.session.apiToken = ctx.tokens.issue(holder);
      req.session.lastSeen = ctx.now();
      ctx.log(`portal: ${holder.sub} resumed from a stored token`);
      res.json({ resumed: true });
    });
  }

  return router;
}
