/**
 * The health portal: an OpenID Connect relying party (openid-client v6) on http://127.0.0.1:<port>.
 * Server-side sessions (express-session, in memory) behind the `portal.sid` cookie; tokens never leave
 * the server. Logout is clean by default; the defect branches are tagged `// defect: <id>`.
 */
import { randomBytes } from 'node:crypto';
import express, { type ErrorRequestHandler, type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import * as oidc from 'openid-client';
import type { DefectId } from './defects';
import { ipv4Fetch } from './ipv4-fetch';
import { loggedOutPage, loginFailedPage, minaSidorPage, notFoundPage, serverErrorPage, startPage } from './pages';
import { findUser } from './users';

declare module 'express-session' {
  interface SessionData {
    /** Authorization requests in flight, by state, so two tabs logging in at once do not clash. */
    logins?: Record<string, PendingLogin>;
    user?: { sub: string; name: string };
    idToken?: string;
    accessToken?: string;
  }
}

interface PendingLogin {
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

export interface PortalAppOptions {
  /** http://127.0.0.1:<port>, no trailing slash. */
  portalUrl: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  defects: readonly DefectId[];
  log: (line: string) => void;
}

export const SESSION_COOKIE = 'portal.sid';
const MAX_PENDING_LOGINS = 5;
const IE_USER_AGENT = /Trident\/|MSIE /;

/** Only local paths: an absolute or protocol-relative returnTo would make /login an open redirect. */
function safeReturnTo(value: unknown): string {
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

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err: unknown) => (err ? reject(err) : resolve())));
}

function destroy(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.destroy((err: unknown) => (err ? reject(err) : resolve())));
}

export async function createPortalApp(opts: PortalAppOptions): Promise<express.Express> {
  const { portalUrl, issuer, clientId, clientSecret, defects, log } = opts;
  const has = (id: DefectId) => defects.includes(id);
  const redirectUri = `${portalUrl}/callback`;
  const postLogoutRedirectUri = `${portalUrl}/utloggad`;

  const config = await oidc.discovery(
    new URL(issuer),
    clientId,
    { id_token_signed_response_alg: 'ES256' },
    oidc.ClientSecretBasic(clientSecret),
    // Plain http is acceptable here only because both ends are on loopback.
    { execute: [oidc.allowInsecureRequests], [oidc.customFetch]: ipv4Fetch },
  );

  const app = express();
  app.disable('x-powered-by');
  app.use(
    session({
      name: SESSION_COOKIE,
      secret: randomBytes(32).toString('base64url'),
      resave: false,
      saveUninitialized: false,
      // No maxAge: a session cookie, gone when the browser closes (unless the browser restores sessions).
      cookie: { httpOnly: true, sameSite: 'lax', path: '/', secure: false },
    }),
  );
  app.use((_req, res, next) => {
    // Nothing here is worth caching, and a cached personal page is exactly what the back-button audit looks for.
    res.set('Cache-Control', 'no-store');
    next();
  });

  function requirePage(req: Request, res: Response, next: NextFunction): void {
    if (req.session.user) return next();
    const path = encodeURIComponent(req.originalUrl).replace(/%2F/gi, '/');
    res.redirect(302, `/login?returnTo=${path}`);
  }

  function requireApi(req: Request, res: Response, next: NextFunction): void {
    if (req.session.user) return next();
    res.status(401).json({ error: 'unauthenticated' });
  }

  function viewFor(user: { sub: string; name: string }) {
    const record = findUser(user.sub);
    return { name: user.name, personnummer: record?.personnummer, journal: record?.journal ?? [] };
  }

  // Browsers ask for it on every origin; a 404 would show up as a console error in the audit's evidence.
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });

  app.get('/', (_req, res) => {
    res.send(startPage());
  });

  app.get('/mina-sidor', requirePage, (req, res) => {
    res.send(minaSidorPage(viewFor(req.session.user!)));
  });

  app.get('/api/journal', requireApi, (req, res) => {
    res.json(viewFor(req.session.user!));
  });

  app.get('/login', async (req, res) => {
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
    });
    res.redirect(302, url.href);
  });

  app.get('/callback', async (req, res) => {
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
      const name = typeof info.name === 'string' ? info.name : claims.sub;
      // A new session id at login: an id planted before login (session fixation) is worthless after it.
      await regenerate(req);
      req.session.user = { sub: claims.sub, name };
      req.session.idToken = tokens.id_token;
      req.session.accessToken = tokens.access_token;
      log(`portal: ${claims.sub} logged in`);
      res.redirect(302, pending.returnTo);
    } catch (err) {
      const reason = failureReason(err);
      log(`portal: login failed (${reason})`);
      res.status(400).send(loginFailedPage(reason));
    }
  });

  app.post('/logout', async (req, res) => {
    if (has('logout-link-cosmetic')) {
      // defect: logout-link-cosmetic
      res.redirect(303, '/utloggad');
      return;
    }
    const idToken = req.session.idToken;
    let endIdpSession = true;
    if (has('rp-logout-local-only')) {
      // defect: rp-logout-local-only
      endIdpSession = false;
    }
    if (has('ua-trident-logout-skipped') && IE_USER_AGENT.test(req.get('user-agent') ?? '')) {
      // defect: ua-trident-logout-skipped
      endIdpSession = false;
    }
    if (has('rp-session-not-destroyed')) {
      // defect: rp-session-not-destroyed
      // Only the browser forgets the session (the cookie is cleared below); the server still honours its id.
    } else {
      await destroy(req);
    }
    res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax' });
    if (!endIdpSession) {
      log('portal: logged out locally only');
      res.redirect(303, '/utloggad');
      return;
    }
    // Even without an id_token (portal session already gone) the IdP session is ended, identified by client_id.
    const endSession = oidc.buildEndSessionUrl(config, {
      post_logout_redirect_uri: postLogoutRedirectUri,
      client_id: clientId,
      ...(idToken ? { id_token_hint: idToken } : {}),
    });
    log('portal: logged out, on to the IdP end_session');
    res.redirect(303, endSession.href);
  });

  app.get('/utloggad', (_req, res) => {
    res.send(loggedOutPage());
  });

  app.use((_req, res) => {
    res.status(404).send(notFoundPage());
  });

  const onError: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    log(`portal: ${err instanceof Error ? err.name : 'error'} on ${req.method} ${req.path}`);
    res.status(500).send(serverErrorPage());
  };
  app.use(onError);

  return app;
}
