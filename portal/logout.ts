/**
 * Logout. POST /logout ends the portal session, revokes its API token and its SPA tokens (refresh and access,
 * spa-session.ts), clears their cookies and sends the browser to the IdP's
 * end_session (RP-initiated logout), which ends the SSO session and returns to /utloggad.
 * POST /logout/everywhere first ends every other portal session of the same person and, over the IdP's
 * back channel, every SSO session of that account; then it logs this browser out as above.
 */
import express, { type Request, type Response } from 'express';
import * as oidc from 'openid-client';
import type { PortalContext } from './context';
import { END_SESSIONS_PATH } from './idp-backchannel';
import { ipv4Fetch } from './ipv4-fetch';
import { destroy, SESSION_COOKIE } from './session-store';
import { clearRefreshCookie, endSpaTokensAtLogout } from './spa-session';

const IE_USER_AGENT = /Trident\/|MSIE /;
const LOGOUT_PATHS = new Set(['/logout', '/logout/everywhere']);

/** A click on "Logga ut" or "Logga ut överallt". */
export function isLogoutRequest(req: Request): boolean {
  return req.method === 'POST' && LOGOUT_PATHS.has(req.path);
}

/** application/x-www-form-urlencoded, as client_secret_basic requires before Base64 (RFC 6749 §2.3.1). */
function formEncode(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, '+');
}

export function logoutRoutes(ctx: PortalContext): express.Router {
  const { config, clientId, clientSecret, issuer, portalUrl, has, log } = ctx;
  const postLogoutRedirectUri = `${portalUrl}/utloggad`;
  const router = express.Router();

  async function logOutThisBrowser(req: Request, res: Response): Promise<void> {
    if (has('logout-link-cosmetic')) {
      // defect: logout-link-cosmetic
      res.redirect(303, '/utloggad');
      return;
    }
    const idToken = req.session.idToken;
    const samlSession = req.session.saml;
    let endIdpSession = true;
    if (has('rp-logout-local-only')) {
      // defect: rp-logout-local-only
      endIdpSession = false;
    }
    if (has('ua-trident-logout-skipped') && IE_USER_AGENT.test(req.get('user-agent') ?? '')) {
      // defect: ua-trident-logout-skipped
      endIdpSession = false;
    }
    if (has('saml-idp-session-kept')) {
      // defect: saml-idp-session-kept
      // No LogoutRequest: the SAML IdP's single sign-on session lives on.
      endIdpSession = false;
    }
    if (has('saml-sp-session-kept')) {
      // defect: saml-sp-session-kept
      // Single logout goes ahead below, but the portal's own session and its cookie are left as they are.
    } else if (has('rp-session-not-destroyed')) {
      // defect: rp-session-not-destroyed
      // Only the browser forgets the session (the cookie is cleared below); the server still honours its id.
    } else {
      ctx.tokens.revoke(req.session.apiToken);
      endSpaTokensAtLogout(ctx, req.session.refreshToken);
      await destroy(req);
    }
    if (!has('saml-sp-session-kept')) {
      res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax' });
      clearRefreshCookie(res);
    }
    if (!endIdpSession) {
      log('portal: logged out locally only');
      res.redirect(303, '/utloggad');
      return;
    }
    if (ctx.saml) {
      // SAML single logout names the session by the assertion's subject: without it (portal session already
      // gone) there is nothing to name, and the IdP session is left to its own lifetime.
      if (!samlSession) {
        log('portal: logged out, no SAML session to end at the IdP');
        res.redirect(303, '/utloggad');
        return;
      }
      log('portal: logged out, on to the IdP single logout');
      res.redirect(303, await ctx.saml.logoutUrl(samlSession));
      return;
    }
    if (!config) throw new Error('the OpenID Connect logout needs the discovered IdP configuration');
    // Even without an id_token (portal session already gone) the IdP session is ended, identified by client_id.
    const endSession = oidc.buildEndSessionUrl(config, {
      post_logout_redirect_uri: postLogoutRedirectUri,
      client_id: clientId,
      ...(idToken ? { id_token_hint: idToken } : {}),
    });
    log('portal: logged out, on to the IdP end_session');
    res.redirect(303, endSession.href);
  }

  /** Asks the IdP to end every SSO session of `sub`; resolves to how many it ended, or undefined on failure. */
  async function endIdpSessionsOf(sub: string): Promise<number | undefined> {
    const credentials = Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString('base64');
    try {
      const res = await ipv4Fetch(`${issuer}${END_SESSIONS_PATH}`, {
        method: 'POST',
        headers: { authorization: `Basic ${credentials}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ sub }).toString(),
        redirect: 'manual',
      });
      if (!res.ok) {
        log(`portal: back-channel logout refused (HTTP ${res.status})`);
        return undefined;
      }
      const { ended } = (await res.json()) as { ended?: unknown };
      return typeof ended === 'number' ? ended : undefined;
    } catch (err) {
      log(`portal: back-channel logout failed (${err instanceof Error ? err.name : 'error'})`);
      return undefined;
    }
  }

  router.post('/logout', logOutThisBrowser);

  router.post('/logout/everywhere', async (req, res) => {
    const user = req.session.user;
    let everywhere = true;
    if (has('logout-everywhere-local-only')) {
      // defect: logout-everywhere-local-only
      // The button only does what "Logga ut" does: other devices stay logged in, here and at the IdP.
      everywhere = false;
    }
    if (user && everywhere) {
      const portalSessions = await ctx.sessions.destroyAllOf(user.sub, req.sessionID);
      ctx.tokens.revokeAllOf(user.sub);
      ctx.spa.revokeAllOf(user.sub);
      // A failed back channel is logged, not fatal: this browser is still logged out below.
      const idpSessions = await endIdpSessionsOf(user.sub);
      log(`portal: ${user.sub} logged out everywhere (${portalSessions} other portal session(s), ${idpSessions ?? 'unknown number of'} IdP session(s))`);
    }
    await logOutThisBrowser(req, res);
  });

  return router;
}
