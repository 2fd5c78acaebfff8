import { test } from '@playwright/test';
import { initCheckRevisit } from '../foreign/init-check-revisit';
import { DEBIAN_INSTALL_HINT } from './debian-app-process';
import { DOKUWIKI_PRIVATE_PAGE, dokuwikiInstalled, startDokuWiki } from './dokuwiki-app';
import { startNodeRed } from './node-red-app';

// Issue 32 on real applications: `init` given the page to audit and the credentials' variable names finds every
// field, `check` proves them, and logout-revisit through the written file passes, as the application's
// *.expected.ts says of its hand-written target.

test('init on DokuWiki finds every field, check proves them, and logout-revisit passes through the file', async () => {
  // A login form on the private page itself, a "remember me" box, a logout link of do=logout; DokuWiki's logout
  // ends its login (inc/auth.php auth_logoff, lines 238 and 271).
  test.skip(!dokuwikiInstalled(), DEBIAN_INSTALL_HINT);
  test.setTimeout(300_000);
  const wiki = await startDokuWiki();
  try {
    await initCheckRevisit(`${wiki.url}/dokuwiki/doku.php?id=${DOKUWIKI_PRIVATE_PAGE}`, wiki.user);
  } finally {
    await wiki.stop();
  }
});

test('init on Node-RED waits for the login dialog its editor draws late, and logout-revisit passes through the file', async () => {
  // The editor draws its login dialog only after its settings call is refused (401), after the page went quiet,
  // and draws it again after logout: init once gave up on both ("no password field on /").
  test.setTimeout(300_000);
  const red = await startNodeRed();
  try {
    await initCheckRevisit(`${red.url}/`, red.users[0]);
  } finally {
    await red.stop();
  }
});
