/**
 * The portal as a SAML 2.0 service provider (@node-saml/node-saml), used in SAML mode instead of the OpenID
 * Connect client of login.ts. GET /login sends an AuthnRequest over HTTP-Redirect (with ForceAuthn after an idle
 * timeout), POST /saml/acs checks the IdP's signed Response and signed assertion (InResponseTo included) and
 * starts the logged-in session under a new id, GET /saml/slo takes the IdP's signed LogoutResponse. The
 * LogoutRequest itself is built by logout.ts through samlLogoutUrl below.
 */
import express from 'express';
import { SAML, ValidateInResponseTo, type CacheProvider, type Profile } from '@node-saml/node-saml';
import type { PortalContext } from './context';
import { safeReturnTo } from './login';
import { loginFailedPage } from './pages';
import { rememberLastUser } from './previous-user';
import type { SamlEndpoints } from './saml-idp';
import { regenerate } from './session-store';
import { revokeSpaTokens, setRefreshCookie } from './spa-session';

/** What logout needs of the IdP's assertion to name the session it ends. */
export interface SamlSessionRef {
  nameID: string;
  nameIDFormat: string;
  sessionIndex?: string;
}

declare module 'express-session' {
  interface SessionData {
    /** SAML mode: the assertion's subject and SessionIndex, for the LogoutRequest. */
    saml?: SamlSessionRef;
  }
}

export interface PortalSamlSp {
  /** The AuthnRequest's URL; `reauthenticate` asks the IdP for credentials even with a live SSO session. */
  loginUrl(returnTo: string, reauthenticate: boolean): Promise<string>;
  /** The LogoutRequest's URL for the session the assertion named. */
  logoutUrl(ref: SamlSessionRef): Promise<string>;
  acs: SAML;
}

/** node-saml's InResponseTo cache, shared by both request flavours, in memory like the rest of the portal. */
function memoryCache(): CacheProvider {
  const entries = new Map<string, { value: string; createdAt: number }>();
  return {
    saveAsync: async (key, value) => {
      const item = { value, createdAt: Date.now() };
      entries.set(key, item);
      return item;
    },
    getAsync: async (key) => entries.get(key)?.value ?? null,
    removeAsync: async (key) => {
      if (key === null) return null;
      const had = entries.get(key)?.value ?? null;
      entries.delete(key);
      return had;
    },
  };
}

export function createSamlSp(endpoints: SamlEndpoints, idpCert: string): PortalSamlSp {
  const cacheProvider = memoryCache();
  const common = {
    issuer: endpoints.spEntityId,
    callbackUrl: endpoints.acsUrl,
    entryPoint: endpoints.ssoUrl,
    logoutUrl: endpoints.sloUrl,
    logoutCallbackUrl: endpoints.spSloUrl,
    audience: endpoints.spEntityId,
    idpIssuer: endpoints.idpEntityId,
    idpCert,
    identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
    // The Response and the assertion must both be signed by the IdP (node-saml's defaults, said out loud).
    wantAuthnResponseSigned: true,
    wantAssertionsSigned: true,
    wantLogoutResponseSigned: true,
    validateInResponseTo: ValidateInResponseTo.always,
    cacheProvider,
    disableRequestedAuthnContext: true,
  };
  const acs = new SAML(common);
  const forced = new SAML({ ...common, forceAuthn: true });
  return {
    loginUrl: (returnTo, reauthenticate) => (reauthenticate ? forced : acs).getAuthorizeUrlAsync(returnTo, undefined, {}),
    logoutUrl: (ref) => acs.getLogoutUrlAsync({ issuer: endpoints.idpEntityId, ...ref } as Profile, '', {}),
    acs,
  };
}

export function samlLoginRoutes(ctx: PortalContext, sp: PortalSamlSp): express.Router {
  const { has, log } = ctx;
  const router = express.Router();

  router.get('/login', async (req, res) => {
    const returnTo = safeReturnTo(req.query.returnTo);
    if (req.session.user) {
      res.redirect(302, returnTo);
      return;
    }
    res.redirect(302, await sp.loginUrl(returnTo, req.session.reauthenticate === true));
  });

  // The IdP's HTTP-POST form arrives cross-site: the pre-login session cookie (SameSite=Lax) is not sent, which is
  // why InResponseTo is checked against node-saml's cache and not the session.
  router.post('/saml/acs', express.urlencoded({ extended: false }), async (req, res) => {
    const body = (req.body ?? {}) as Record<string, string>;
    try {
      const { profile } = await sp.acs.validatePostResponseAsync(body);
      if (!profile) throw new Error('no profile');
      const name = typeof profile.displayName === 'string' ? profile.displayName : profile.nameID;
      const user = { sub: profile.nameID, name };
      ctx.tokens.revoke(req.session.apiToken);
      revokeSpaTokens(ctx, req.session.refreshToken);
      await regenerate(req);
      req.session.user = user;
      req.session.saml = { nameID: profile.nameID, nameIDFormat: profile.nameIDFormat, ...(profile.sessionIndex ? { sessionIndex: profile.sessionIndex } : {}) };
      req.session.apiToken = ctx.tokens.issue(user);
      req.session.refreshToken = ctx.spa.issueRefresh(user);
      setRefreshCookie(res, req.session.refreshToken);
      req.session.lastSeen = ctx.now();
      if (has('previous-user-greeting')) {
        // defect: previous-user-greeting
        rememberLastUser(res, user.sub);
      }
      log(`portal: ${user.sub} logged in (SAML)`);
      res.redirect(303, safeReturnTo(body.RelayState));
    } catch (err) {
      // node-saml's message names the status (e.g. NoPassive) or the check that failed; never the assertion.
      const reason = err instanceof Error && /status|signature|InResponseTo/i.test(err.message) ? 'saml_response_refused' : 'saml_error';
      log(`portal: SAML login failed (${reason})`);
      res.status(400).send(loginFailedPage(reason));
    }
  });

  router.get('/saml/slo', async (req, res) => {
    try {
      const originalQuery = req.originalUrl.split('?')[1] ?? '';
      const { loggedOut } = await sp.acs.validateRedirectAsync(req.query, originalQuery);
      if (!loggedOut) throw new Error('not a LogoutResponse');
      log('portal: single logout confirmed by the IdP');
      res.redirect(303, '/utloggad');
    } catch {
      log('portal: LogoutResponse refused');
      res.status(400).send(loginFailedPage('saml_logout_refused'));
    }
  });

  return router;
}
