import dokuwikiFile from '../../targets/examples/dokuwiki';
import type { ForeignPortal } from '../foreign/foreign-audit';
import { DEBIAN_INSTALL_HINT } from './debian-app-process';
import { dokuwikiInstalled, startDokuWiki, type RunningDokuWiki } from './dokuwiki-app';
import { dokuwikiExpected } from './dokuwiki.expected';
import { realAppTests } from './expected-verdicts';

// DokuWiki from Debian 12's package, its login two cookies on Path=/dokuwiki/ (PHP's session and the DW auth
// cookie holding the encrypted password), audited through targets/examples/dokuwiki.ts alone and compared with
// the verdicts written from its source beforehand (dokuwiki.expected.ts): the pair copied before logout, and a
// "remember me" cookie copied before it, still logging in afterwards are DokuWiki's own weaknesses, expected as
// findings. Run: the core logout (revisit), the replays (the copied cookies; each cookie the pages sent on the
// narrow path, alone), remember-me, back button, storage residue and cookie attributes. Left out (each entry
// says why): the restarts, whose session cookies a browser drops, and what the target's declarations skip.
const dokuwiki = (): ForeignPortal<never> => ({
  file: dokuwikiFile,
  source: 'targets/examples/dokuwiki.ts',
  env: (portal) => {
    const { user } = portal as RunningDokuWiki;
    return { DOKUWIKI_USER_1: user.username, DOKUWIKI_PASSWORD_1: user.password };
  },
  urls: (portal) => ({ baseUrl: portal.url }),
  start: startDokuWiki,
});

realAppTests('DokuWiki', dokuwiki, dokuwikiExpected, () => (dokuwikiInstalled() ? undefined : DEBIAN_INSTALL_HINT));
