/**
 * The reference SAML 2.0 identity provider (samlify) for the portal's SAML mode, on its own origin
 * http://localhost:<port> like the OpenID Provider it replaces. SP-initiated login over HTTP-Redirect
 * (AuthnRequest) answered over HTTP-POST with a signed Response and signed assertion, passive requests
 * (IsPassive) answered NoPassive without a session, ForceAuthn honoured, and SP-initiated single logout over
 * HTTP-Redirect (LogoutRequest / signed LogoutResponse) that ends the SSO session. All XML signing is samlify's;
 * every message it parses is schema-checked first (saml-schema-validator.ts, set up by saml-mode.ts).
 */
import { randomBytes } from 'node:crypto';
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
// The default import: the namespace import misses SamlLib (a getter samlify defines after Node reads its names).
import samlify from 'samlify';
import type { DefectId } from './defects';
import { END_SESSIONS_PATH, authorisedSub } from './idp-backchannel';
import { esc, page } from './html';
import { idpErrorPage, idpLoggedOutPage, loginPage } from './idp-pages';
import type { SigningCredentials } from './saml-keys';
import { SamlIdpSessions, type SamlIdpSession } from './saml-idp-sessions';
import { authenticate } from './idp';
import { totpPage, type TotpStep } from './totp-step';
import { findUser } from './users';

const { binding } = samlify.Constants.namespace;
const NAME_ID_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';
const STATUS = {
  responder: 'urn:oasis:names:tc:SAML:2.0:status:Responder',
  noPassive: 'urn:oasis:names:tc:SAML:2.0:status:NoPassive',
};
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
export const SAML_POST_SCRIPT_PATH = '/assets/saml-post.js';
/** Submits the HTTP-POST binding's form on load; ES5 so Internet Explorer 11 runs it too. */
const SAML_POST_SCRIPT = "document.getElementById('saml-post').submit();\n";
const PENDING_TTL_MS = 10 * 60 * 1000;

/** Where each side of the SAML mode lives: the IdP's endpoints and what it knows of the portal (the SP). */
export interface SamlEndpoints {
  idpEntityId: string;
  ssoUrl: string;
  sloUrl: string;
  spEntityId: string;
  acsUrl: string;
  spSloUrl: string;
}

export interface SamlIdpOptions {
  endpoints: SamlEndpoints;
  /** http://127.0.0.1:<port>: the HTTP-POST form goes there, so the IdP's form-action must allow it. */
  portalUrl: string;
  credentials: SigningCredentials;
  /** The back channel's client credentials (idp-backchannel.ts), shared with the portal. */
  clientId: string;
  clientSecret: string;
  defects: readonly DefectId[];
  log: (line: string) => void;
  /** The second factor (`--portal-mfa totp`): the same step as the OpenID Connect IdP's, after a right password. */
  totp?: TotpStep;
}

interface PendingLogin {
  request: { extract: samlify.Extractor.ExtractorResult };
  requestId: string;
  relayState: string | undefined;
  expiresAt: number;
}

/** IsPassive and ForceAuthn of an AuthnRequest, which samlify's default extraction leaves out. */
function requestFlags(samlContent: string): { id: string; isPassive: boolean; forceAuthn: boolean } {
  const fields = samlify.Extractor.extract(samlContent, [{ key: 'request', localPath: ['AuthnRequest'], attributes: ['ID', 'IsPassive', 'ForceAuthn'] }]);
  const request = (fields as { request?: { id?: string; isPassive?: string; forceAuthn?: string } }).request ?? {};
  return { id: request.id ?? '', isPassive: request.isPassive === 'true', forceAuthn: request.forceAuthn === 'true' };
}

/** The HTTP-POST binding: a form the browser submits to the SP at once (a button where scripts are off). */
function postPage(action: string, samlResponse: string, relayState: string | undefined): string {
  const relay = relayState === undefined ? '' : `<input type="hidden" name="RelayState" value="${esc(relayState)}">`;
  return page({
    title: 'Skickar dig vidare – Inloggningstjänsten',
    body: `<form id="saml-post" method="post" action="${esc(action)}">
<input type="hidden" name="SAMLResponse" value="${esc(samlResponse)}">${relay}
<noscript><button type="submit">Fortsätt</button></noscript>
</form>`,
    scripts: [SAML_POST_SCRIPT_PATH],
  });
}

export interface SamlIdp {
  handler: express.Express;
}

export function createSamlIdp(opts: SamlIdpOptions): SamlIdp {
  const { endpoints, portalUrl, credentials, clientId, clientSecret, defects, log, totp } = opts;
  const has = (id: DefectId) => defects.includes(id);
  const sessions = new SamlIdpSessions();
  const pending = new Map<string, PendingLogin>();

  const idp = samlify.IdentityProvider({
    entityID: endpoints.idpEntityId,
    signingCert: credentials.cert,
    privateKey: credentials.privateKey,
    requestSignatureAlgorithm: RSA_SHA256,
    // The audit's passive probe is unsigned, as most service providers' AuthnRequests are.
    wantAuthnRequestsSigned: false,
    nameIDFormat: [NAME_ID_FORMAT],
    singleSignOnService: [{ Binding: binding.redirect, Location: endpoints.ssoUrl }],
    singleLogoutService: [{ Binding: binding.redirect, Location: endpoints.sloUrl }],
  });
  const sp = samlify.ServiceProvider({
    entityID: endpoints.spEntityId,
    wantAssertionsSigned: true,
    wantMessageSigned: true,
    wantLogoutResponseSigned: true,
    nameIDFormat: [NAME_ID_FORMAT],
    assertionConsumerService: [{ Binding: binding.post, Location: endpoints.acsUrl }],
    singleLogoutService: [{ Binding: binding.redirect, Location: endpoints.spSloUrl }],
  });

  /** A signed Response with a signed assertion for `user`, in reply to the request `requestInfo`. */
  async function loginResponse(res: Response, requestInfo: PendingLogin['request'], requestId: string, session: SamlIdpSession, relayState: string | undefined): Promise<void> {
    const user = findUser(session.username);
    if (!user) throw new Error('the session names no known user');
    const now = new Date();
    const later = new Date(now.getTime() + 5 * 60 * 1000).toISOString();
    const authnStatement =
      `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="${session.sessionIndex}">` +
      '<saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>';
    const attributeStatement =
      '<saml:AttributeStatement><saml:Attribute Name="displayName" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">' +
      `<saml:AttributeValue xsi:type="xs:string">${esc(user.name)}</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>`;
    const { context } = await idp.createLoginResponse(sp, requestInfo, 'post', {}, {
      relayState,
      // samlify's documented way to add what its default template leaves empty (the AuthnStatement with the
      // SessionIndex a LogoutRequest names, the display name); signing stays samlify's.
      customTagReplacement: (template: string) => {
        const id = `_${randomBytes(16).toString('hex')}`;
        const values = {
          ID: id,
          AssertionID: `_${randomBytes(16).toString('hex')}`,
          Destination: endpoints.acsUrl,
          Audience: endpoints.spEntityId,
          EntityID: endpoints.spEntityId,
          SubjectRecipient: endpoints.acsUrl,
          Issuer: endpoints.idpEntityId,
          IssueInstant: now.toISOString(),
          AssertionConsumerServiceURL: endpoints.acsUrl,
          StatusCode: samlify.Constants.StatusCode.Success,
          ConditionsNotBefore: now.toISOString(),
          ConditionsNotOnOrAfter: later,
          SubjectConfirmationDataNotOnOrAfter: later,
          NameIDFormat: NAME_ID_FORMAT,
          NameID: user.username,
          InResponseTo: requestId,
        };
        // The two statements are XML and go in as such; replaceTagsByValue escapes what it puts in (the values).
        const withStatements = template.replace('{AuthnStatement}', authnStatement).replace('{AttributeStatement}', attributeStatement);
        return { id, context: samlify.SamlLib.replaceTagsByValue(withStatements, values) };
      },
    });
    res.send(postPage(endpoints.acsUrl, context, relayState));
  }

  /** A signed Response with status Responder/NoPassive: a passive request found no session. */
  function noPassiveResponse(res: Response, requestId: string, relayState: string | undefined): void {
    const xml =
      '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"' +
      ` ID="_${randomBytes(16).toString('hex')}" Version="2.0" IssueInstant="${new Date().toISOString()}" Destination="${esc(endpoints.acsUrl)}" InResponseTo="${esc(requestId)}">` +
      `<saml:Issuer>${esc(endpoints.idpEntityId)}</saml:Issuer>` +
      `<samlp:Status><samlp:StatusCode Value="${STATUS.responder}"><samlp:StatusCode Value="${STATUS.noPassive}"/></samlp:StatusCode></samlp:Status></samlp:Response>`;
    const signed = samlify.SamlLib.constructSAMLSignature({
      rawSamlMessage: xml,
      privateKey: credentials.privateKey,
      // The certificate's base64 body, as samlify's own signing passes it (the metadata form).
      signingCert: samlify.Utility.normalizeCerString(credentials.cert),
      signatureAlgorithm: RSA_SHA256,
      isMessageSigned: true,
      isBase64Output: true,
      signatureConfig: { prefix: 'ds', location: { reference: "/*[local-name(.)='Response']/*[local-name(.)='Issuer']", action: 'after' } },
    });
    res.send(postPage(endpoints.acsUrl, signed, relayState));
  }

  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    // form-action must allow the portal: the HTTP-POST binding's form goes there.
    res.setHeader('Content-Security-Policy', `default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self' ${portalUrl}; frame-ancestors 'none'; base-uri 'none'`);
    res.set('Cache-Control', 'no-store');
    next();
  });

  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  app.get(SAML_POST_SCRIPT_PATH, (_req, res) => {
    res.type('application/javascript').send(SAML_POST_SCRIPT);
  });
  app.get(new URL(endpoints.idpEntityId).pathname, (_req, res) => {
    res.type('application/samlmetadata+xml').send(idp.getMetadata());
  });

  app.get(new URL(endpoints.ssoUrl).pathname, async (req, res) => {
    const parsed = await idp.parseLoginRequest(sp, 'redirect', { query: req.query });
    const { id, isPassive, forceAuthn } = requestFlags(parsed.samlContent);
    const relayState = typeof req.query.RelayState === 'string' ? req.query.RelayState : undefined;
    const current = sessions.current(req);
    if (current && !forceAuthn) {
      log(`idp: ${current.session.username} signed in silently${isPassive ? ' (passive request)' : ''}`);
      await loginResponse(res, { extract: parsed.extract }, id, current.session, relayState);
      return;
    }
    if (isPassive) {
      log('idp: passive request without a session, answered NoPassive');
      noPassiveResponse(res, id, relayState);
      return;
    }
    const key = randomBytes(16).toString('base64url');
    pending.set(key, { request: { extract: parsed.extract }, requestId: id, relayState, expiresAt: Date.now() + PENDING_TTL_MS });
    res.send(loginPage({ action: `/saml/login/${key}` }));
  });

  app.post('/saml/login/:key', express.urlencoded({ extended: false }), async (req, res) => {
    const key = req.params.key ?? '';
    const login = pending.get(key);
    if (!login || login.expiresAt <= Date.now()) {
      pending.delete(key);
      res.status(400).send(idpErrorPage('session_not_found', 'Inloggningen har gått ut. Börja om från portalen.'));
      return;
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const username = typeof body.username === 'string' ? body.username.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const user = authenticate(username, password);
    if (!user) {
      log('idp: failed login');
      res.send(loginPage({ action: `/saml/login/${key}`, username, failed: true }));
      return;
    }
    const remember = typeof body.remember === 'string' && body.remember !== '';
    if (totp) {
      // The pending login's key (128 random bits, in this login's URLs only) holds it until its code comes.
      totp.begin(key, { username: user.username, remember });
      res.redirect(303, `/saml/login/${key}/totp`);
      return;
    }
    await finishLogin(req, res, key, user.username, remember);
  });

  /** Ends the pending login `key` as a session of `username` and answers the SP with its assertion. */
  async function finishLogin(req: Request, res: Response, key: string, username: string, remember: boolean): Promise<void> {
    const login = pending.get(key);
    if (!login) return void res.status(400).send(idpErrorPage('session_not_found', 'Inloggningen har gått ut. Börja om från portalen.'));
    pending.delete(key);
    // A new session replaces any the browser had (a second user on the same browser, ForceAuthn).
    const previous = sessions.current(req);
    if (previous) sessions.end(previous.id, res);
    const session = sessions.start(res, username, remember);
    log(`idp: ${username} logged in${remember ? ' (remembered)' : ''}`);
    await loginResponse(res, login.request, login.requestId, session, login.relayState);
  }

  if (totp) {
    app.get('/saml/login/:key/totp', (req, res) => {
      const key = req.params.key ?? '';
      res.set('Cache-Control', 'no-store');
      if (!pending.has(key) || !totp.waiting(key)) {
        res.status(400).send(idpErrorPage('session_not_found', 'Inloggningen har gått ut. Börja om från portalen.'));
        return;
      }
      res.send(totpPage({ action: `/saml/login/${key}/totp` }));
    });

    app.post('/saml/login/:key/totp', express.urlencoded({ extended: false }), async (req, res) => {
      const key = req.params.key ?? '';
      const body = (req.body ?? {}) as Record<string, unknown>;
      const outcome = await totp.check(key, typeof body.otp === 'string' ? body.otp : '');
      res.set('Cache-Control', 'no-store');
      if (outcome.accepted) {
        await finishLogin(req, res, key, outcome.login.username, outcome.login.remember);
        return;
      }
      // Too many wrong codes (or none pending): back to the password, as a new login.
      if (outcome.why === 'no-login') {
        res.status(200).send(loginPage({ action: `/saml/login/${key}`, failed: true }));
        return;
      }
      res.status(200).send(totpPage({ action: `/saml/login/${key}/totp`, failed: true }));
    });
  }

  app.get(new URL(endpoints.sloUrl).pathname, async (req, res) => {
    const parsed = await idp.parseLogoutRequest(sp, 'redirect', { query: req.query });
    const relayState = typeof req.query.RelayState === 'string' ? req.query.RelayState : undefined;
    const current = sessions.current(req);
    let endSession = true;
    if (has('saml-slo-ignored')) {
      // defect: saml-slo-ignored
      // Answers the LogoutRequest with Success below, but the SSO session and its cookie live on.
      endSession = false;
    }
    if (current && endSession) {
      sessions.end(current.id, res);
      log(`idp: ${current.session.username} logged out (single logout)`);
    }
    const { context } = idp.createLogoutResponse(sp, { extract: parsed.extract }, 'redirect', relayState ?? '') as { context: string };
    res.redirect(302, context);
  });

  app.post(END_SESSIONS_PATH, express.urlencoded({ extended: false }), (req, res) => {
    res.set('Cache-Control', 'no-store');
    const sub = authorisedSub(req, res, clientId, clientSecret);
    if (sub === undefined) return;
    const ended = sessions.endAllOf(sub);
    log(`idp: back-channel logout of ${sub} ended ${ended} session(s)`);
    res.json({ ended });
  });

  app.get('/', (_req: Request, res: Response) => {
    res.send(idpLoggedOutPage());
  });

  const onError: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    // A malformed or unknown SAML message: named, never echoed.
    log(`idp: ${err instanceof Error ? err.name : "error"} on ${req.method} ${req.path}`);
    if (process.env.SAML_DEBUG) console.error(err);
    res.status(400).send(idpErrorPage('invalid_saml_message'));
  };
  app.use(onError);

  return { handler: app };
}
