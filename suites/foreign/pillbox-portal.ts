import { createHash, randomBytes } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifySession from '@fastify/session';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { DefectEntry } from '../../portal/defects';
import { esc, type RunningForeignPortal } from './loopback';

// PillBox, an online pharmacy on Fastify: @fastify/session (server-side sessions in memory) and a "keep me
// signed in" box that issues a 30-day remember-me cookie, the way most portals keep people logged in across
// browser restarts. A remember token is random, stored hashed on the server, and looked up when a visit
// brings the cookie but no session. Logout must end both: the session and the remembered login.

export const PILLBOX_USERS = [
  { username: 'clara@example.org', password: 'pillbox-Clara-Rx-31', name: 'Clara Lind', prescriptions: ['Levaxin 50 µg, 100 tablets', 'Alvedon 500 mg, 20 tablets'] },
  { username: 'david@example.org', password: 'pillbox-David-Rx-42', name: 'David Holm', prescriptions: ['Ventoline 0.1 mg/dose, 200 doses'] },
] as const;

export const pillboxDefects = [
  {
    id: 'remember-cookie-kept-at-logout',
    title: 'logout ends the session but forgets the remember-me cookie',
    description:
      'POST /logout destroys the session and clears pillbox.sid, but neither clears nor revokes pillbox.remember: after a ' +
      'browser restart (or at once) the remembered login signs the user in again without a password.',
    caughtBy: [{ scenario: 'logout-remember-me', code: 'REMEMBER_ME_SURVIVED_LOGOUT' }],
  },
  {
    id: 'remember-token-not-revoked',
    title: 'logout clears the remember-me cookie in the browser but keeps its token on the server',
    description:
      'POST /logout clears pillbox.remember, so this browser is logged out even after a restart, but the token stays ' +
      'valid on the server: a copy of the cookie taken before logout (a synced or backed-up profile) still signs in.',
    caughtBy: [{ scenario: 'logout-remember-me', code: 'REMEMBER_ME_SURVIVED_LOGOUT', note: 'seen by the replay of the copied remember-me cookie' }],
  },
  {
    id: 'session-kept-on-server',
    title: 'logout clears the session cookie but never destroys the server-side session',
    description: 'POST /logout sends an expired pillbox.sid instead of calling session.destroy(): a copy of the old cookie still opens the prescriptions.',
    caughtBy: [{ scenario: 'logout-replay', code: 'SESSION_VALID_AFTER_LOGOUT' }],
  },
  {
    id: 'always-remembered',
    title: '"keep me signed in" is ignored: every login is remembered for 30 days',
    description: 'POST /login issues pillbox.remember whether or not the box was ticked, so closing the browser without logging out does not end the login.',
    caughtBy: [
      { scenario: 'close-without-logout', code: 'SESSION_SURVIVED_CLOSE' },
      { scenario: 'cookie-attributes', code: 'PERSISTENT_SESSION_COOKIE', note: 'pillbox.remember is HttpOnly on Path=/, so it counts as a session cookie' },
    ],
  },
  {
    id: 'session-fixation',
    title: 'the session id handed out before login is kept after it',
    description: 'Visiting a protected page while logged out stores the return URL in a new session; POST /login fills that session in place of session.regenerate().',
    caughtBy: [{ scenario: 'session-rotation', code: 'SESSION_NOT_ROTATED' }],
  },
] as const satisfies readonly DefectEntry[];

export type PillboxDefect = (typeof pillboxDefects)[number]['id'];

declare module 'fastify' {
  interface Session {
    user?: string;
    returnTo?: string;
  }
}

const SESSION_COOKIE = 'pillbox.sid';
const REMEMBER_COOKIE = 'pillbox.remember';
const REMEMBER_SECONDS = 30 * 24 * 60 * 60;
const HOME = '/account/prescriptions';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · PillBox</title></head><body>${body}</body></html>`;

const loginForm = (failed: boolean) =>
  page(
    'Sign in',
    `<h1>Sign in to PillBox</h1>${failed ? '<p class="login-failed">Wrong e-mail or password</p>' : ''}
    <form id="sign-in-form" method="post" action="/login">
      <label>E-mail <input id="email" name="email" type="email"></label>
      <label>Password <input id="password" name="password" type="password"></label>
      <label><input id="keep-signed-in" name="keep" type="checkbox" value="1"> Keep me signed in</label>
      <button id="sign-in" type="submit">Sign in</button>
    </form>`,
  );

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function startPillbox(defects: readonly PillboxDefect[] = []): Promise<RunningForeignPortal> {
  const has = (id: PillboxDefect) => defects.includes(id);
  /** sha256(remember token) -> username: the server's half of every remembered login. */
  const rememberTokens = new Map<string, string>();
  const app = Fastify();
  await app.register(fastifyFormbody);
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    cookieName: SESSION_COOKIE,
    secret: randomBytes(32).toString('hex'),
    saveUninitialized: false,
    // No maxAge: a session cookie, gone with the browser; only "keep me signed in" outlives it.
    cookie: { httpOnly: true, sameSite: 'lax', secure: false, path: '/' },
  });

  const issueRememberCookie = (reply: FastifyReply, username: string) => {
    const token = randomBytes(32).toString('base64url');
    rememberTokens.set(sha256(token), username);
    reply.setCookie(REMEMBER_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: false, path: '/', maxAge: REMEMBER_SECONDS });
  };

  /** The session's user, or the remembered one (then a new session is opened for them, as after a login). */
  const signedInUser = async (request: FastifyRequest): Promise<string | undefined> => {
    if (request.session.user) return request.session.user;
    const token = request.cookies[REMEMBER_COOKIE];
    const remembered = token ? rememberTokens.get(sha256(token)) : undefined;
    if (!remembered) return undefined;
    await request.session.regenerate();
    request.session.user = remembered;
    return remembered;
  };

  const protect = (api: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('Cache-Control', 'no-store');
    if (await signedInUser(request)) return;
    if (api) return reply.code(401).send({ error: 'sign in first' });
    request.session.returnTo = request.url; // a session before login: the one a fixation attack would plant
    return reply.redirect('/login');
  };
  const userOf = (request: FastifyRequest) => PILLBOX_USERS.find((u) => u.username === request.session.user)!;

  app.get('/', async (_request, reply) => reply.type('text/html').send(page('Welcome', `<h1>PillBox pharmacy</h1><a href="${HOME}">My prescriptions</a>`)));
  app.get('/login', async (request, reply) => reply.header('Cache-Control', 'no-store').type('text/html').send(loginForm('failed' in (request.query as object))));
  app.post('/login', async (request, reply) => {
    const body = request.body as Record<string, string | undefined>;
    const user = PILLBOX_USERS.find((u) => u.username === body.email && u.password === body.password);
    if (!user) return reply.redirect('/login?failed');
    const returnTo = request.session.returnTo ?? HOME;
    if (has('session-fixation')) {
      // defect: session-fixation (the pre-login session is filled in place)
    } else {
      await request.session.regenerate();
    }
    request.session.returnTo = undefined;
    request.session.user = user.username;
    const keep = body.keep === '1' || has('always-remembered'); // defect: always-remembered
    if (keep) issueRememberCookie(reply, user.username);
    return reply.redirect(returnTo.startsWith('/') ? returnTo : HOME);
  });

  app.get(HOME, { preHandler: protect(false) }, async (request, reply) => {
    const user = userOf(request);
    return reply.type('text/html').send(
      page(
        'Prescriptions',
        `<h1>${esc(user.name)}</h1><ul id="prescriptions">${user.prescriptions.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>
        <form method="post" action="/logout"><button id="sign-out" type="submit">Sign out</button></form>`,
      ),
    );
  });
  app.get('/account/api/prescriptions', { preHandler: protect(true) }, async (request) => userOf(request).prescriptions);

  app.post('/logout', async (request, reply) => {
    const token = request.cookies[REMEMBER_COOKIE];
    if (has('session-kept-on-server')) {
      // defect: session-kept-on-server (only the browser's cookie is cleared)
    } else {
      await request.session.destroy();
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    if (has('remember-cookie-kept-at-logout')) {
      // defect: remember-cookie-kept-at-logout
      return reply.redirect('/signed-out');
    }
    if (has('remember-token-not-revoked')) {
      // defect: remember-token-not-revoked (the token stays valid in rememberTokens)
    } else if (token) {
      rememberTokens.delete(sha256(token));
    }
    reply.clearCookie(REMEMBER_COOKIE, { path: '/' });
    return reply.redirect('/signed-out');
  });
  app.get('/signed-out', async (_request, reply) => reply.type('text/html').send(page('Signed out', '<h1 id="signed-out">You are signed out</h1><a href="/login">Sign in again</a>')));

  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: url.replace(/\/$/, ''),
    async stop() {
      app.server.closeAllConnections();
      await app.close();
    },
  };
}
