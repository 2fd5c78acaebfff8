import { test } from '@playwright/test';
import { initCheckRevisit } from '../foreign/init-check-revisit';
import { DEBIAN_INSTALL_HINT } from './debian-app-process';
import { DOKUWIKI_PRIVATE_PAGE, dokuwikiInstalled, startDokuWiki } from './dokuwiki-app';

// Issue 32 on a real application: `init` given DokuWiki's private page (a login form on the same page, a
// "remember me" box, a logout link of `do=logout`) and the credentials' variable names finds every field,
// `check` proves them, and logout-revisit through the written file passes, as dokuwiki.expected.ts says of the
// hand-written target (inc/auth.php auth_logoff, lines 238 and 271).
test('init on DokuWiki finds every field, check proves them, and logout-revisit passes through the file', async () => {
  test.skip(!dokuwikiInstalled(), DEBIAN_INSTALL_HINT);
  test.setTimeout(300_000);
  const wiki = await startDokuWiki();
  try {
    await initCheckRevisit(`${wiki.url}/dokuwiki/doku.php?id=${DOKUWIKI_PRIVATE_PAGE}`, wiki.user);
  } finally {
    await wiki.stop();
  }
});
