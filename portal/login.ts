/**
 * Login: GET /login sends the browser to the IdP (authorization code with PKCE, state and nonce kept in the
 * pre-login session), GET /callback redeems the code and starts the logged-in session under a new id.
 */
import express from 'express';
import * as oidc from 'openid-client';
import type { PortalContext } from './context';
import { loginFailedPage, signingInPage } from './pages';
import { rememberLastUser } from './previous-user';
import { regenerate } from './session-store';
import { revokeSpaTokens, setRefreshCookie } from './spa-session';

const MAX_PENDING_LOGINS = 5;

/** Only local paths: an absolute or protocol-relative returnTo would make /login an open redirect. */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.includes('\\') ? value : '/mina-sidor';
}

/** A short, token-free reason for the login-failed page and the log. */
function failureReason(err: unknown): string {
  if (err && typeof err === 'object') {
    const { error, code } = err as { error?: unknown; code?: unknown };
    if (typeof error === 'string') return error;
    if (typeof code === 'string') return code;
  }
  return 'unexpected_error';
}

export function loginRoutes(ctx: PortalContext): express.Router {
  const { config, portalUrl, has, log } = ctx;
  if (!config) throw new Error('the OpenID Connect login needs the discovered IdP configuration');
  const redirectUri = `${portalUrl}/callback`;
  const router = express.Router();

  router.get('/login', async (req, res) => {
    const returnTo = safeReturnTo(req.query.returnTo);
    if (req.session.user) {
      res.redirect(302, returnTo);
      return;
    }
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const pending = Object.entries(req.session.logins ?? {}).slice(1 - MAX_PENDING_LOGINS);
    req.session.logins = Object.fromEntries([...pending, [state, { nonce, codeVerifier, returnTo }]]);
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      // After an idle timeout: the IdP must ask for credentials even though its SSO session lives.
      ...(req.session.reauthenticate ? { prompt: 'login' } : {}),
    });
    if (has('token-in-local-storage')) {
      // defect: token-in-local-storage
      // A page instead of the redirect, so that its script can first try the token left in localStorage.
      res.send(signingInPage({ authorizeUrl: url.href, returnTo }));
      return;
    }
    res.redirect(302, url.href);
  });

  router.get('/callback', async (req, res) => {
    const currentUrl = new URL(req.originalUrl, portalUrl);
    const state = currentUrl.searchParams.get('state') ?? '';
    const pending = req.session.logins?.[state];
    if (!pending) {
      // Also where a prompt=none probe from the audit lands: its error (login_required) is the reason shown.
      const reason = currentUrl.searchParams.get('error') ?? 'unknown_state';
      log(`portal: callback without a pending login (${reason})`);
      res.status(400).send(loginFailedPage(reason));
      return;
    }
    delete req.session.logins![state];
    try {
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims()!;
      // With oidc-provider's conformIdTokenClaims the profile claims (name) come from userinfo, not the ID token.
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      const user = { sub: claims.sub, name: typeof info.name === 'string' ? info.name : claims.sub };
      // A second login in the same browser (two tabs) replaces the first session's token.
      ctx.tokens.revoke(req.session.apiToken);
      revokeSpaTokens(ctx, req.session.refreshToken);
      if (has('session-fixation')) {
        // defect: session-fixation
        // The pre-login session, which held this login's state and nonce, simply becomes the logged-in one.
        delete req.session.reauthenticate;
      } else {
        // A new session id at login: an id planted before login (session fixation) is worthless after it.
        await regenerate(req);
      }
      req.session.user = user;
      req.session.idToken = tokens.id_token;
      req.session.apiToken = ctx.tokens.issue(user);
      req.session.refreshToken = ctx.spa.issueRefresh(user);
      setRefreshCookie(res, req.session.refreshToken);
      req.session.lastSeen = ctx.now();
      if (has('previous-user-greeting')) {
        // defect: previous-user-greeting
        rememberLastUser(res, user.sub);
      }
      log(`portal: ${user.sub} logged in`);
      res.redirect(302, pending.returnTo);
    } catch (err) {
      const reason = failureReason(err);
      log(`portal: login failed (${reason})`);
      res.status(400).send(loginFailedPage(reason));
    }
  });

  return router;
}
