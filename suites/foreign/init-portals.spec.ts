import { test } from '@playwright/test';
import { findUser } from '../../portal/users';
import { CAREDESK_USERS, startCaredesk } from './caredesk-portal';
import { initCheckRevisit } from './init-check-revisit';
import { LABLINK_USERS, startLablink } from './lablink-portal';
import { LIVEFEED_USERS, startLivefeed } from './livefeed-portal';
import type { RunningForeignPortal } from './loopback';
import { MENUBAR_USERS, startMenubar } from './menubar-portal';
import { PHYSIO_USERS, startPhysio } from './physio-portal';
import { PILLBOX_USERS, startPillbox } from './pillbox-portal';
import { SPA_SHELL_USERS, startSpaShell } from './spa-shell-portal';
import { startTokenbox, TOKENBOX_USERS } from './tokenbox-portal';
import { startWireboard, WIREBOARD_USER } from './wireboard-portal';

// A stranger's first audit of each foreign portal: `init` is given the page the person wants audited and the
// names of the variables holding a test user's credentials, nothing else; `check` then proves the file it
// wrote with one live round, and logout-revisit through that file alone gives the verdict the hand-written
// target gives on the clean portal (passed: each portal's own spec proves it for the hand-written file). The
// steps are the CLI's own functions, in this process: init's and check's commands add only argument parsing,
// which suites/cli/init-check.spec.ts runs end to end.
//
// Every portal passes (18.5 min for all nine at load ~30 on 2 cores, 1.8-2.2 min each). npm test runs the two
// whose path init takes nowhere else (a login dialog behind a button with a user menu; a login on an identity
// provider's origin): a plain form on the page is DokuWiki's and the reference portal's (suites/real-apps/
// init-real-apps.spec.ts, suites/cli/init-check.spec.ts), a single-page app's late login form Node-RED's.
// INIT_ALL_PORTALS=1 runs all nine (issue 35: the whole suite must stay within its time).

interface InitCase {
  name: string;
  start: () => Promise<RunningForeignPortal>;
  user: { username: string; password: string };
  /** The page given to init: the one its hand-written target audits (a foreign portal's "/" is no page of its own). */
  page: string;
  /** Run by npm test (a path of init's no other case takes); the others only with INIT_ALL_PORTALS=1. */
  always?: true;
}

const allPortals = process.env.INIT_ALL_PORTALS === '1';

const idpPassword = (username: string): string => findUser(username)?.password ?? '';

const cases: InitCase[] = [
  { name: 'Menubar (login dialog, user menu)', start: () => startMenubar(), user: MENUBAR_USERS[0], page: '/', always: true },
  { name: 'CareDesk (express-session)', start: () => startCaredesk(), user: CAREDESK_USERS[0], page: '/account/records' },
  { name: 'PillBox (Fastify, "keep me signed in")', start: () => startPillbox(), user: PILLBOX_USERS[0], page: '/account/prescriptions' },
  { name: 'LabLink (single-page app, JWT in sessionStorage)', start: () => startLablink(), user: LABLINK_USERS[0], page: '/app' },
  { name: 'PhysioNet (OpenID Connect on the embedded IdP)', start: () => startPhysio(), user: { username: PHYSIO_USERS[0].username, password: idpPassword(PHYSIO_USERS[0].username) }, page: '/my/treatment', always: true },
  { name: 'TokenBox (token in localStorage)', start: () => startTokenbox('storage-token'), user: TOKENBOX_USERS[0], page: '/app' },
  { name: 'Wireboard (path-scoped cookie)', start: () => startWireboard(), user: WIREBOARD_USER, page: '/admin' },
  { name: 'LiveFeed (websockets)', start: () => startLivefeed(), user: LIVEFEED_USERS[0], page: '/vitals' },
  { name: 'SpaShell (records arrive late)', start: () => startSpaShell(), user: SPA_SHELL_USERS[0], page: '/app/records' },
];

for (const c of cases) {
  test(`init on ${c.name} finds every field, check proves them, and logout-revisit passes through the file as through the hand-written one`, async () => {
    test.skip(!c.always && !allPortals, 'init takes no path here that another case does not: INIT_ALL_PORTALS=1 runs it (left out of npm test for time)');
    test.setTimeout(300_000);
    const portal = await c.start();
    try {
      await initCheckRevisit(`${portal.url}${c.page}`, c.user);
    } finally {
      await portal.stop();
    }
  });
}
