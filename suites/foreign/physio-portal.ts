import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import express from 'express';
import expressOpenidConnect from 'express-openid-connect';
import type { DefectEntry } from '../../portal/defects';
import { createIdp } from '../../portal/idp';
import { closeServer, esc, listenOnLoopback, type RunningForeignPortal } from './loopback';

// PhysioNet, a physiotherapy portal on Express with express-openid-connect as the relying party of the
// embedded identity provider (portal/idp.ts, a client of its own). Its session is stateless: the whole login
// (ID token, claims) lives in an encrypted cookie, physioSession, and the server keeps nothing. A copy of that
// cookie would log in for as long as it has not expired, so a careful team gives each login an id and keeps the
// ids ended by logout until the cookie could have expired (the deny list below). Logout sends the browser
// to the identity provider's end_session, so its single sign-on session ends too.

/** The IdP's own test users (portal/users.ts): PhysioNet logs them in there. */
export const PHYSIO_USERS = [
  { username: 'tolvan', name: 'Tolvan Tolvansson' },
  { username: 'elvan', name: 'Elvan Elvasson' },
] as const;

export const physioDefects = [
  {
    id: 'idp-logout-skipped',
    title: "logout ends the portal's cookie only, never the identity provider's session",
    description:
      'express-openid-connect with idpLogout: false (its default unless auth0Logout): /logout clears physioSession and ' +
      'returns to /utloggad without visiting end_session. The next visit to a protected page signs in silently at the IdP.',
    caughtBy: [
      { scenario: 'logout-revisit', code: 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT', note: 'the revisit triggers silent SSO at the IdP' },
      { scenario: 'logout-sso-silent', code: 'IDP_SESSION_ALIVE' },
    ],
  },
  {
    id: 'stateless-cookie-not-revoked',
    title: 'logout clears the encrypted session cookie in the browser, but a copy of it stays valid',
    description: 'No deny list: physioSession carries the whole login, so a copy taken before logout opens the treatment plan until it expires.',
    caughtBy: [{ scenario: 'logout-replay', code: 'SESSION_VALID_AFTER_LOGOUT' }],
  },
  {
    id: 'library-default-persistent-cookie',
    title: "the session cookie is persistent: express-openid-connect's default (session.cookie.transient: false)",
    description: 'physioSession is sent with Expires one rolling day ahead, so closing the browser without logging out keeps the user logged in.',
    caughtBy: [
      { scenario: 'cookie-attributes', code: 'PERSISTENT_SESSION_COOKIE' },
      { scenario: 'close-without-logout', code: 'SESSION_SURVIVED_CLOSE' },
    ],
  },
  {
    id: 'cacheable-treatment-pages',
    title: 'the treatment plan is sent without Cache-Control: no-store',
    description: 'Express sends no Cache-Control by default, and neither does express-openid-connect: the browser may keep the personal page after logout.',
    caughtBy: [{ scenario: 'logout-back-button', code: 'AUTHENTICATED_PAGE_CACHED' }],
  },
] as const satisfies readonly DefectEntry[];

export type PhysioDefect = (typeof physioDefects)[number]['id'];

// CommonJS: its named exports are not visible to an ES module import.
const { auth, requiresAuth } = expressOpenidConnect;

export const PHYSIO_CLIENT_ID = 'physionet';
const SESSION_NAME = 'physioSession';
/** The paths the embedded IdP registers for its client: `${portalUrl}/callback` and `${portalUrl}/utloggad`. */
const CALLBACK = '/callback';
const LOGGED_OUT = '/utloggad';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · PhysioNet</title></head><body>${body}</body></html>`;

interface PhysioSession {
  /** This login's id, added at the callback: what the deny list names. */
  loginId?: string;
  name?: string;
}

async function userName(issuer: string, accessToken: string | undefined): Promise<string> {
  const response = await fetch(`${issuer}/me`, { headers: { authorization: `Bearer ${accessToken ?? ''}` } });
  if (!response.ok) throw new Error(`userinfo answered HTTP ${response.status}`);
  return String(((await response.json()) as { name?: unknown }).name ?? '');
}

export async function startPhysio(defects: readonly PhysioDefect[] = []): Promise<RunningForeignPortal> {
  const has = (id: PhysioDefect) => defects.includes(id);
  const idpServer = createServer();
  const portalServer = createServer();
  const stop = async () => void (await Promise.all([closeServer(portalServer), closeServer(idpServer)]));
  try {
    const [idpPort, portalPort] = await Promise.all([listenOnLoopback(idpServer), listenOnLoopback(portalServer)]);
    // localhost and 127.0.0.1: two sites, so the IdP's cookies are third-party to the portal, as in real life.
    const issuer = `http://localhost:${idpPort}`;
    const portalUrl = `http://127.0.0.1:${portalPort}`;
    const clientSecret = randomBytes(32).toString('base64url');
    const idp = await createIdp({ issuer, portalUrl, clientId: PHYSIO_CLIENT_ID, clientSecret, defects: [], log: () => {} });
    idpServer.on('request', idp.handler);

    /** Login ids ended by logout; a real deployment keeps them (e.g. in Redis) until the cookie's absolute expiry. */
    const endedLogins = new Set<string>();
    const app = express();
    app.use(
      auth({
        authRequired: false,
        auth0Logout: false,
        idpLogout: !has('idp-logout-skipped'), // defect: idp-logout-skipped
        issuerBaseURL: issuer,
        baseURL: portalUrl,
        clientID: PHYSIO_CLIENT_ID,
        clientSecret,
        secret: randomBytes(32).toString('hex'),
        idTokenSigningAlg: 'ES256',
        authorizationParams: { response_type: 'code', scope: 'openid profile' },
        routes: { login: '/login', logout: false, callback: CALLBACK, postLogoutRedirect: LOGGED_OUT },
        // defect: library-default-persistent-cookie (transient: false is the library's default)
        session: { name: SESSION_NAME, cookie: { transient: !has('library-default-persistent-cookie') } },
        // The ID token of a code flow names only the subject; the name comes from the IdP's userinfo (/me).
        afterCallback: async (_req, _res, session) => ({ ...session, loginId: randomUUID(), name: await userName(issuer, session.access_token) }),
      }),
    );
    const sessionOf = (req: express.Request) => (req as unknown as Record<string, PhysioSession | undefined>)[SESSION_NAME];
    // A login that logout ended counts as none: express-openid-connect then also clears its cookie.
    app.use((req, _res, next) => {
      const loginId = sessionOf(req)?.loginId;
      if (loginId && endedLogins.has(loginId)) (req as unknown as Record<string, undefined>)[SESSION_NAME] = undefined;
      next();
    });

    app.get('/', (_req, res) => void res.send(page('Welcome', '<h1>PhysioNet</h1><a href="/my/treatment">My treatment plan</a>')));
    app.get('/my/treatment', requiresAuth(), (req, res) => {
      if (!has('cacheable-treatment-pages')) res.set('Cache-Control', 'no-store'); // defect: cacheable-treatment-pages
      const name = sessionOf(req)?.name ?? '';
      res.send(
        page(
          'Treatment plan',
          `<h1 id="patient">${esc(name)}</h1><ol id="treatment-plan"><li>Knee: 3 × 12 squats daily</li><li>Follow-up 2026-04-14 with Maja (physio)</li></ol>
          <a id="sign-out" href="/logout">Sign out</a>`,
        ),
      );
    });
    app.get('/logout', (req, res) => {
      const loginId = sessionOf(req)?.loginId;
      if (has('stateless-cookie-not-revoked')) {
        // defect: stateless-cookie-not-revoked (the copy of the cookie stays as good as the original)
      } else if (loginId) {
        endedLogins.add(loginId);
      }
      void res.oidc.logout({ returnTo: `${portalUrl}${LOGGED_OUT}` });
    });
    app.get(LOGGED_OUT, (_req, res) => void res.send(page('Signed out', '<h1 id="signed-out">You are signed out of PhysioNet</h1>')));
    // A callback it cannot use (e.g. an answer to someone else's prompt=none request) is a page, not a stack trace in the log.
    app.use(((error, _req, res, _next) => {
      res.status(400).send(page('Sign-in failed', `<h1>Sign-in failed</h1><p>${esc(String((error as Error).message))}</p><a href="/login">Try again</a>`));
    }) satisfies express.ErrorRequestHandler);
    portalServer.on('request', app);
    return { url: portalUrl, idpUrl: issuer, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
