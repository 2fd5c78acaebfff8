import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import session from 'express-session';

// A portal the harness was not designed for: Express + express-session, its own login form, its own URLs and
// markup, a plain sign-out link, no identity provider. If the target file alone is enough to audit it, the
// harness works for strangers' portals. `brokenSignOut` is the classic defect: the cookie is cleared in the
// browser while the server keeps the session.

export const CAREDESK_USERS = [
  { username: 'anna', password: 'caredesk-Anna-Pw-77', name: 'Anna Andersson' },
  { username: 'bo', password: 'caredesk-Bo-Pw-88', name: 'Bo Berg' },
] as const;

declare module 'express-session' {
  interface SessionData {
    caredeskUser?: string;
  }
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · CareDesk</title></head><body>${body}</body></html>`;

export async function startCaredesk(options: { brokenSignOut?: boolean } = {}): Promise<{ url: string; stop(): Promise<void> }> {
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(
    session({
      name: 'caredesk.sid',
      secret: randomBytes(16).toString('hex'),
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'strict' },
    }),
  );
  const signedIn: express.RequestHandler = (req, res, next) => {
    if (!req.session.caredeskUser) return res.redirect(`/signin?next=${encodeURIComponent(req.originalUrl)}`);
    res.set('Cache-Control', 'no-store');
    next();
  };

  app.get('/', (_req, res) => res.send(page('Welcome', '<h1>Welcome to CareDesk</h1><a href="/account/records">My records</a>')));
  app.get('/signin', (req, res) =>
    res.send(
      page(
        'Sign in',
        `<form id="signin" method="post" action="/signin?next=${encodeURIComponent(String(req.query.next ?? '/account/records'))}">
          ${req.query.failed ? '<p class="flash-error">Invalid credentials</p>' : ''}
          <label>User <input id="user" name="user"></label><label>Password <input id="pass" name="pass" type="password"></label>
          <button id="go" type="submit">Sign in</button></form>`,
      ),
    ),
  );
  app.post('/signin', (req, res, next) => {
    const user = CAREDESK_USERS.find((u) => u.username === req.body.user && u.password === req.body.pass);
    const nextUrl = String(req.query.next ?? '/account/records');
    if (!user) return res.redirect(`/signin?failed=1&next=${encodeURIComponent(nextUrl)}`);
    req.session.regenerate((error) => {
      if (error) return next(error);
      req.session.caredeskUser = user.username;
      res.redirect(nextUrl.startsWith('/') ? nextUrl : '/account/records');
    });
  });
  app.get('/account/records', signedIn, (req, res) => {
    const user = CAREDESK_USERS.find((u) => u.username === req.session.caredeskUser);
    res.send(page('Records', `<h1>${user?.name}</h1><div id="patient-records">2026-10-02 Blood pressure 120/80</div><a id="sign-out" href="/signout">Sign out</a>`));
  });
  app.get('/account/api/records', signedIn, (_req, res) => res.json([{ date: '2026-10-02', text: 'Blood pressure 120/80' }]));
  app.get('/signout', (req, res) => {
    res.clearCookie('caredesk.sid');
    if (options.brokenSignOut) return res.redirect('/goodbye'); // the server-side session lives on
    req.session.destroy(() => res.redirect('/goodbye'));
  });
  app.get('/goodbye', (_req, res) => res.send(page('Signed out', '<h1 id="bye">You have signed out</h1>')));

  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
