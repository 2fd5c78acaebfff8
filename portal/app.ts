/**
 * The health portal: an OpenID Connect relying party (openid-client v6) on http://127.0.0.1:<port>.
 * Server-side sessions (session-store.ts) behind the `portal.sid` cookie with an idle timeout; the IdP's
 * tokens never leave the server, only the portal's own API token is handed to Mina sidor's script.
 * Routes live in login.ts, logout.ts and api.ts; this file wires them up and serves the pages.
 * Logout is clean by default; the defect branches are tagged `// defect: <id>`.
 */
import express, { type ErrorRequestHandler, type NextFunction, type Request, type Response } from 'express';
import * as oidc from 'openid-client';
import { apiRoutes } from './api';
import { ApiTokens } from './api-tokens';
import { LOGGED_OUT_SCRIPT, LOGGED_OUT_SCRIPT_PATH, MINA_SIDOR_SCRIPT_PATH, SIGNING_IN_SCRIPT, SIGNING_IN_SCRIPT_PATH, minaSidorScript } from './browser-scripts';
import type { PortalContext } from './context';
import type { DefectId } from './defects';
import { idleTimeout } from './idle-timeout';
import { ipv4Fetch } from './ipv4-fetch';
import { loginRoutes } from './login';
import { isLogoutRequest, logoutRoutes } from './logout';
import { loggedOutPage, minaSidorPage, notFoundPage, personalView, serverErrorPage, startPage } from './pages';
import { previousUser } from './previous-user';
import { SERVICE_WORKER_PATH, SERVICE_WORKER_SCRIPT } from './service-worker';
import { createSamlSp, samlLoginRoutes } from './saml-sp';
import type { SamlEndpoints } from './saml-idp';
import { createSessions } from './session-store';
import { spaApiRoutes } from './spa-api';
import { SpaTokens } from './spa-tokens';

export { SESSION_COOKIE } from './session-store';

export interface PortalAppOptions {
  /** http://127.0.0.1:<port>, no trailing slash. */
  portalUrl: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Seconds of inactivity after which a logged-in session ends. */
  idleTimeoutSeconds: number;
  /** The clock the idle timeout reads (start.ts). */
  now: () => number;
  defects: readonly DefectId[];
  log: (line: string) => void;
  /** SAML mode: the IdP's endpoints and its signing certificate; absent, the portal is an OpenID Connect client. */
  saml?: { endpoints: SamlEndpoints; idpCert: string };
}

function sendScript(source: string) {
  return (_req: Request, res: Response) => {
    res.type('application/javascript').send(source);
  };
}

export async function createPortalApp(opts: PortalAppOptions): Promise<express.Express> {
  const { portalUrl, issuer, clientId, clientSecret, idleTimeoutSeconds, defects, log } = opts;
  const has = (id: DefectId) => defects.includes(id);

  const saml = opts.saml ? createSamlSp(opts.saml.endpoints, opts.saml.idpCert) : undefined;
  const config = saml
    ? undefined
    : await oidc.discovery(
        new URL(issuer),
        clientId,
        { id_token_signed_response_alg: 'ES256' },
        oidc.ClientSecretBasic(clientSecret),
        // Plain http is acceptable here only because both ends are on loopback.
        { execute: [oidc.allowInsecureRequests], [oidc.customFetch]: ipv4Fetch },
      );
  const ctx: PortalContext = {
    portalUrl,
    issuer,
    clientId,
    clientSecret,
    ...(config ? { config } : {}),
    ...(saml ? { saml } : {}),
    idleTimeoutSeconds,
    now: opts.now,
    has,
    log,
    sessions: createSessions(defects),
    tokens: new ApiTokens(),
    spa: new SpaTokens(),
  };

  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    // Nothing here is worth caching, and a cached personal page is exactly what the back-button audit looks for.
    res.set('Cache-Control', 'no-store');
    next();
  });

  // Before the session middleware: these never touch a session, so they neither create one nor count as
  // activity for the idle timeout (a browser fetches the favicon on its own).
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  app.get(MINA_SIDOR_SCRIPT_PATH, sendScript(minaSidorScript(defects)));
  app.get(LOGGED_OUT_SCRIPT_PATH, sendScript(LOGGED_OUT_SCRIPT));
  if (has('token-in-local-storage')) {
    // defect: token-in-local-storage
    app.get(SIGNING_IN_SCRIPT_PATH, sendScript(SIGNING_IN_SCRIPT));
  }
  if (has('service-worker-page-cache')) {
    // defect: service-worker-page-cache
    app.get(SERVICE_WORKER_PATH, sendScript(SERVICE_WORKER_SCRIPT));
  }

  // Stateless, bearer and refresh-cookie only: no session (spa-api.ts).
  app.use(spaApiRoutes(ctx));

  app.use(ctx.sessions.middleware);
  let enforceIdleTimeout = true;
  if (has('no-idle-timeout')) {
    // defect: no-idle-timeout
    enforceIdleTimeout = false;
  }
  app.use(idleTimeout(ctx, enforceIdleTimeout, isLogoutRequest));

  function requirePage(req: Request, res: Response, next: NextFunction): void {
    if (req.session.user) return next();
    const path = encodeURIComponent(req.originalUrl).replace(/%2F/gi, '/');
    res.redirect(302, `/login?returnTo=${path}`);
  }

  /** The previous user's greeting, only when the previous-user-greeting defect is on. */
  function previous(req: Request) {
    if (!has('previous-user-greeting')) return undefined;
    // defect: previous-user-greeting
    return previousUser(req);
  }

  app.get('/', (req, res) => {
    res.send(startPage(previous(req)));
  });

  app.get('/mina-sidor', requirePage, (req, res) => {
    if (has('cacheable-authenticated-pages')) {
      // defect: cacheable-authenticated-pages
      // The browser may keep and reuse the personal page for ten minutes, also via the back button after logout.
      res.set('Cache-Control', 'private, max-age=600');
    }
    res.send(minaSidorPage({ ...personalView(req.session.user!), apiToken: req.session.apiToken ?? '' }));
  });

  app.use(apiRoutes(ctx));
  app.use(saml ? samlLoginRoutes(ctx, saml) : loginRoutes(ctx));
  app.use(logoutRoutes(ctx));

  app.get('/utloggad', (req, res) => {
    res.send(loggedOutPage(previous(req)));
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
