import phpMyAdminFile from '../../targets/examples/phpmyadmin';
import type { ForeignPortal } from '../foreign/foreign-audit';
import { DEBIAN_INSTALL_HINT } from './debian-app-process';
import { realAppTests } from './expected-verdicts';
import { phpMyAdminInstalled, startPhpMyAdmin, type RunningPhpMyAdmin } from './phpmyadmin-app';
import { phpMyAdminExpected } from './phpmyadmin.expected';

// phpMyAdmin from Debian 12's package with a MariaDB of the test's own, its login three cookies on
// Path=/phpmyadmin/ of which two are encrypted again on every request (a session cookie rewritten on every
// request), audited through targets/examples/phpmyadmin.ts alone and compared with the verdicts written from its
// source beforehand (phpmyadmin.expected.ts): the user name left in the browser for a month after logout is
// phpMyAdmin's own weakness, expected as findings. Run: the core logout (revisit), the copied cookies (replay),
// the power cut (any of the rolling values coming back), storage residue and cookie attributes. Left out (each
// entry says why): what DokuWiki's runs already ask of a PHP login on a narrow path, the restarts, and what the
// target's declarations skip.
const phpMyAdmin = (): ForeignPortal<never> => ({
  file: phpMyAdminFile,
  source: 'targets/examples/phpmyadmin.ts',
  env: (portal) => {
    const { user } = portal as RunningPhpMyAdmin;
    return { PHPMYADMIN_USER_1: user.username, PHPMYADMIN_PASSWORD_1: user.password };
  },
  urls: (portal) => ({ baseUrl: portal.url }),
  start: startPhpMyAdmin,
});

realAppTests('phpMyAdmin', phpMyAdmin, phpMyAdminExpected, () => (phpMyAdminInstalled() ? undefined : DEBIAN_INSTALL_HINT));
