/**
 * The reference identity provider: a real OpenID Provider (oidc-provider v9) on its own origin,
 * http://localhost:<port>, while the portal lives on http://127.0.0.1:<port>. Two different sites, so the
 * IdP's cookies are third-party to the portal, as with a real national IdP.
 *
 * One confidential client (the portal), authorization code with PKCE, consent implied for this
 * first-party client, RP-initiated logout with an auto-submitted confirm step, and a back-channel endpoint
 * with which the portal ends every SSO session of one person (idp-backchannel.ts).
 */
import { createHash, generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type ErrorRequestHandler } from 'express';
import type { Configuration, FindAccount, Grant, JWK, KoaContextWithOIDC } from 'oidc-provider';
import type { DefectId } from './defects';
import { END_SESSIONS_PATH, endSessionsHandler } from './idp-backchannel';
import { createIdpStore } from './idp-store';
import { LOGOUT_SCRIPT, LOGOUT_SCRIPT_PATH, idpErrorPage, idpLoggedOutPage, loginPage, logoutConfirmPage } from './idp-pages';
import { importProvider, quietly } from './quiet-notices';
import { totpPage, type TotpStep } from './totp-step';
import { findUser, type TestUser } from './users';

export interface IdpOptions {
  /** http://localhost:<port>, no trailing slash; the server must already listen on that port. */
  issuer: string;
  /** The portal's origin, no trailing slash; its /callback and /utloggad are registered for the client. */
  portalUrl: string;
  clientId: string;
  clientSecret: string;
  defects: readonly DefectId[];
  /** The second factor (`--portal-mfa totp`): asked after a right password; absent, the password suffices. */
  totp?: TotpStep;
  log: (line: string) => void;
}

const HOUR = 60 * 60;
const DAY = 24 * HOUR;

/** Server-side lifetime of an SSO session: a working day without "remember me", 30 days with it. */
const TRANSIENT_SESSION_TTL = 8 * HOUR;
const REMEMBERED_SESSION_TTL = 30 * DAY;

function signingKey(): JWK {
  // EC P-256: generated in about a millisecond, so every portal instance has its own key.
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: randomBytes(8).toString('hex'), alg: 'ES256', use: 'sig' } as JWK;
}

/** Compares digests so the time taken does not depend on where the strings differ. */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export function authenticate(username: string, password: string): TestUser | undefined {
  const user = findUser(username);
  return user && sameSecret(user.password, password) ? user : undefined;
}

const findAccount: FindAccount = (_ctx, sub) => {
  const user = findUser(sub);
  if (!user) return undefined;
  return {
    accountId: user.username,
    claims: () => ({ sub: user.username, name: user.name, given_name: user.givenName, family_name: user.familyName }),
  };
};

/**
 * Consent is implied for the portal (a first-party client), so the grant the consent screen would have
 * produced is created here and no consent prompt is ever shown. Without an account (nobody logged in)
 * nothing is returned and the login prompt, or login_required for prompt=none, follows.
 */
async function loadExistingGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
  const { client, session, provider } = ctx.oidc;
  if (!client || !session?.accountId) return undefined;
  const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
  if (grantId) {
    const existing = await provider.Grant.find(grantId);
    if (existing) return existing;
  }
  const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  grant.addOIDCScope('openid profile');
  await grant.save();
  return grant;
}

function withState(uri: string, state: string | undefined): string {
  if (state === undefined) return uri;
  const url = new URL(uri);
  url.searchParams.set('state', state);
  return url.href;
}

/**
 * Answers "logged out" by redirecting back at once: no confirm POST, so the session keeps its id, its account
 * and its grant. oidc-provider has already validated post_logout_redirect_uri. Only defects do this.
 */
function answerLoggedOutKeepingSession(ctx: KoaContextWithOIDC): void {
  const { post_logout_redirect_uri: back, state } = ctx.oidc.params as { post_logout_redirect_uri?: string; state?: string };
  ctx.status = 303;
  ctx.redirect(back ? withState(back, state) : ctx.oidc.urlFor('end_session_success'));
}

export interface Idp {
  /** Node request listener for the IdP's HTTP server. */
  handler: express.Express;
}

export async function createIdp(opts: IdpOptions): Promise<Idp> {
  const { issuer, portalUrl, clientId, clientSecret, defects, totp, log } = opts;
  const has = (id: DefectId) => defects.includes(id);
  const { default: Provider } = await importProvider(log);
  const store = createIdpStore();

  // No path here: oidc-provider scopes its interaction cookies to /interaction/<uid> and /auth/<uid> itself.
  const cookieOptions = { httpOnly: true, sameSite: 'lax', secure: false } as const;

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        client_name: 'Vårdportalen',
        redirect_uris: [`${portalUrl}/callback`],
        post_logout_redirect_uris: [`${portalUrl}/utloggad`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'ES256',
      },
    ],
    adapter: store.adapter,
    jwks: { keys: [signingKey()] },
    cookies: {
      keys: [randomBytes(32).toString('base64url')],
      long: cookieOptions,
      short: cookieOptions,
    },
    scopes: ['openid', 'profile'],
    claims: { openid: ['sub'], profile: ['name', 'given_name', 'family_name'] },
    findAccount,
    loadExistingGrant,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(ctx, form) {
          if (has('idp-logout-keeps-session')) {
            // defect: idp-logout-keeps-session
            answerLoggedOutKeepingSession(ctx);
            return;
          }
          if (has('remember-me-not-revoked') && !ctx.oidc.session?.transient) {
            // defect: remember-me-not-revoked
            // A "Kom ihåg mig" session (not transient) is a trusted device: logout answers, and keeps it.
            answerLoggedOutKeepingSession(ctx);
            return;
          }
          // logout=yes ends the whole SSO session; without it oidc-provider only logs out of this one client.
          ctx.body = logoutConfirmPage(form, '<input type="hidden" name="logout" value="yes">');
        },
        postLogoutSuccessSource(ctx) {
          ctx.body = idpLoggedOutPage();
        },
      },
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = idpErrorPage(String(out.error), out.error_description === undefined ? undefined : String(out.error_description));
    },
    ttl: {
      AccessToken: HOUR,
      AuthorizationCode: 60,
      IdToken: HOUR,
      Interaction: 10 * 60,
      Grant: REMEMBERED_SESSION_TTL,
      Session: (_ctx, session) => (session.transient ? TRANSIENT_SESSION_TTL : REMEMBERED_SESSION_TTL),
    },
  };

  // Any notice oidc-provider prints on construction goes to the log (see quiet-notices).
  const provider = quietly(log, () => new Provider(issuer, configuration));

  // oidc-provider clears _interaction_resume when the login resumes at /auth/<uid>, but leaves _interaction
  // (path /interaction/<uid>) to expire after ttl.Interaction. A finished interaction's cookie is useless, and
  // left behind it is a value the browser held while logged in that outlives the logout.
  provider.use(async (ctx, next) => {
    await next();
    const uid = ctx.oidc?.route === 'resume' ? /^\/auth\/([^/]+)$/.exec(ctx.path)?.[1] : undefined;
    if (uid === undefined) return;
    for (const [name, path] of [
      ['interaction', `/interaction/${uid}`],
      ['resume', `/auth/${uid}`],
    ] as const) {
      // signed (the default with cookie keys) also expires the .sig cookie; overwrite drops any earlier header.
      ctx.cookies.set(provider.cookieName(name), null, { ...cookieOptions, path, overwrite: true });
    }
  });

  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    // form-action must allow the portal: browsers check it on the redirects that follow a form POST (login
    // -> /auth -> portal /callback, logout confirm -> portal /utloggad). oidc-provider appends the hash of
    // its own inline form_post script to script-src.
    res.setHeader(
      'Content-Security-Policy',
      `default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self' ${portalUrl}; frame-ancestors 'none'; base-uri 'none'`,
    );
    next();
  });

  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });

  app.post(END_SESSIONS_PATH, express.urlencoded({ extended: false }), endSessionsHandler({ provider, store, clientId, clientSecret, log }));

  app.get(LOGOUT_SCRIPT_PATH, (_req, res) => {
    res.type('application/javascript').send(LOGOUT_SCRIPT);
  });

  app.get('/interaction/:uid', async (req, res) => {
    const details = await provider.interactionDetails(req, res);
    res.set('Cache-Control', 'no-store');
    if (details.prompt.name !== 'login') {
      res.status(400).send(idpErrorPage('unexpected_prompt', `oväntat steg: ${details.prompt.name}`));
      return;
    }
    res.send(loginPage({ action: `/interaction/${details.uid}/login` }));
  });

  app.post('/interaction/:uid/login', express.urlencoded({ extended: false }), async (req, res) => {
    const details = await provider.interactionDetails(req, res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const username = typeof body.username === 'string' ? body.username.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const user = authenticate(username, password);
    res.set('Cache-Control', 'no-store');
    if (!user) {
      log('idp: failed login');
      res.status(200).send(loginPage({ action: `/interaction/${details.uid}/login`, username, failed: true }));
      return;
    }
    let remember = typeof body.remember === 'string' && body.remember !== '';
    if (has('idp-persistent-sso-cookie')) {
      // defect: idp-persistent-sso-cookie
      // The "Kom ihåg mig" box is ignored: the session cookie always gets an Expires attribute.
      remember = true;
    }
    if (totp) {
      // The interaction's uid is the key: its cookie ties it to this browser, so a code counts for this login only.
      totp.begin(details.uid, { username: user.username, remember });
      res.redirect(303, `/interaction/${details.uid}/totp`);
      return;
    }
    await finishLogin(req, res, user.username, remember);
  });

  /** Ends the interaction as a login of `username`; remember=false makes oidc-provider mark the session transient (no Expires). */
  const finishLogin = async (req: express.Request, res: express.Response, username: string, remember: boolean) => {
    log(`idp: ${username} logged in${remember ? ' (remembered)' : ''}`);
    await provider.interactionFinished(req, res, { login: { accountId: username, remember } }, { mergeWithLastSubmission: false });
  };

  if (totp) {
    app.get('/interaction/:uid/totp', async (req, res) => {
      const details = await provider.interactionDetails(req, res);
      res.set('Cache-Control', 'no-store');
      if (!totp.waiting(details.uid)) {
        res.redirect(303, `/interaction/${details.uid}`);
        return;
      }
      res.send(totpPage({ action: `/interaction/${details.uid}/totp` }));
    });

    app.post('/interaction/:uid/totp', express.urlencoded({ extended: false }), async (req, res) => {
      const details = await provider.interactionDetails(req, res);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const outcome = await totp.check(details.uid, typeof body.otp === 'string' ? body.otp : '');
      res.set('Cache-Control', 'no-store');
      if (outcome.accepted) {
        await finishLogin(req, res, outcome.login.username, outcome.login.remember);
        return;
      }
      // Too many wrong codes (or none pending): back to the password, as a new login.
      if (outcome.why === 'no-login') {
        res.status(200).send(loginPage({ action: `/interaction/${details.uid}/login`, failed: true }));
        return;
      }
      res.status(200).send(totpPage({ action: `/interaction/${details.uid}/totp`, failed: true }));
    });
  }

  app.use(provider.callback());

  const onError: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
    // SessionNotFound: the interaction cookie is gone or expired (back button, a second tab, a restart).
    const name = err instanceof Error ? err.name : 'Error';
    log(`idp: ${name} on an interaction`);
    const expired = name === 'SessionNotFound';
    res
      .status(expired ? 400 : 500)
      .send(idpErrorPage(expired ? 'session_not_found' : 'server_error', expired ? 'Inloggningen har gått ut. Börja om från portalen.' : undefined));
  };
  app.use(onError);

  return { handler: app };
}
