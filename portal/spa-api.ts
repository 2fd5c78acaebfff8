/**
 * The API of Mina sidor's single-page part (see spa-tokens.ts). Stateless, as such APIs are: no portal
 * session, so these routes sit before the session middleware and do not count as activity for the idle
 * timeout (the page's script calls them on its own).
 *
 * GET /api/auth/session: the refresh cookie (sent only to /api/auth) buys an access token, as NextAuth's
 * endpoint of the same name does; 401 without a live refresh token.
 * GET /api/recept: the prescriptions of the person the `Authorization: Bearer` access token acts for; 401
 * with `WWW-Authenticate: Bearer error="invalid_token"` otherwise (RFC 6750 §3).
 */
import express from 'express';
import { bearerToken } from './api-tokens';
import type { PortalContext } from './context';
import { cookieValue } from './request-cookie';
import { ACCESS_TOKEN_SECONDS, REFRESH_COOKIE } from './spa-tokens';

export const SPA_SESSION_PATH = '/api/auth/session';
export const SPA_RECEPT_PATH = '/api/recept';

/** Fake prescriptions, the same for every test person: what matters is who may read them. */
const RECEPT = [
  { drug: 'Alvedon 500 mg', dose: '1–2 tabletter vid behov' },
  { drug: 'Levaxin 50 mikrogram', dose: '1 tablett på morgonen' },
];

export function spaApiRoutes(ctx: PortalContext): express.Router {
  const router = express.Router();

  router.get(SPA_SESSION_PATH, (req, res) => {
    const refresh = cookieValue(req, REFRESH_COOKIE);
    const minted = refresh === undefined ? undefined : ctx.spa.mintAccess(refresh);
    if (!minted) {
      res.status(401).json({ error: 'invalid_grant' });
      return;
    }
    res.json({ access_token: minted.token, token_type: 'Bearer', expires_in: ACCESS_TOKEN_SECONDS });
  });

  router.get(SPA_RECEPT_PATH, (req, res) => {
    const token = bearerToken(req.get('authorization'));
    const holder = token === undefined ? undefined : ctx.spa.access(token);
    if (!holder) {
      res.set('WWW-Authenticate', 'Bearer error="invalid_token"').status(401).json({ error: 'invalid_token' });
      return;
    }
    res.json({ name: holder.name, recept: RECEPT });
  });

  return router;
}
