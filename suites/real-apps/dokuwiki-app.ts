import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningForeignPortal } from '../foreign/loopback';
import { appDir, debianAppsInstalled, phpBcrypt } from './debian-app-process';
import { startPhpServer } from './php-server';

// DokuWiki 2022-07-31a "Igor" as Debian 12 ships it (package dokuwiki 0.0.20220731.a-2: the code in
// /usr/share/dokuwiki, its configuration in /etc/dokuwiki, its data in /var/lib/dokuwiki), served under
// /dokuwiki/ as Debian's apache.conf does, so its cookies are scoped to Path=/dokuwiki/ (inc/init.php:165-167
// DOKU_SESSION_PATH, inc/auth.php:1262 the auth cookie's cookieDir). This run gets its own copy of the
// configuration and the data: Debian's preload (inc/preload.php:44) takes DOKU_CONF when it is already
// defined, and local.php moves savedir into the copy. ACL on, one test user whose page no one else may read.

const PACKAGE_DIR = '/usr/share/dokuwiki';
const DEBIAN_CONF = '/etc/dokuwiki';
const DEBIAN_DATA = '/var/lib/dokuwiki/data';

export const dokuwikiInstalled = () => debianAppsInstalled(join(PACKAGE_DIR, 'doku.php'), DEBIAN_CONF, DEBIAN_DATA, '/usr/bin/php');

/** The page only the test user may read, and the id DokuWiki gives its first heading: the loggedIn signal. */
export const DOKUWIKI_PRIVATE_PAGE = 'private:anna';
const PRIVATE_HEADING = 'Anna Andersson private notes';

export interface DokuWikiUser {
  username: string;
  password: string;
  name: string;
}

export interface RunningDokuWiki extends RunningForeignPortal {
  user: DokuWikiUser;
}

/** The files of /etc/dokuwiki a wiki reads (the defaults and plugin lists), without the web servers' and dpkg's. */
const confFiles = () => readdirSync(DEBIAN_CONF).filter((f) => /\.(php|conf|css|json)$/.test(f) && !/^(apache|lighttpd)\.conf$/.test(f));

export async function startDokuWiki(): Promise<RunningDokuWiki> {
  const user = { username: 'anna', password: `dw-${randomBytes(12).toString('hex')}`, name: 'Anna Andersson' };
  const dir = appDir('dokuwiki', ['conf', 'www', 'sessions']);
  try {
    for (const file of confFiles()) cpSync(join(DEBIAN_CONF, file), join(dir, 'conf', file), { dereference: true });
    cpSync(DEBIAN_DATA, join(dir, 'data'), { recursive: true });
    const conf = (file: string, text: string) => writeFileSync(join(dir, 'conf', file), text);
    conf(
      'local.php',
      [
        '<?php',
        `$conf['savedir'] = ${JSON.stringify(join(dir, 'data'))};`,
        "$conf['title'] = 'Audit wiki';",
        "$conf['useacl'] = 1;",
        // No administrator: the test user is an ordinary reader, as a patient or an employee would be.
        "$conf['superuser'] = '';",
        "$conf['disableactions'] = 'register,resendpwd';",
        '',
      ].join('\n'),
    );
    // authplain's user file: login:bcrypt hash:real name:email:groups.
    conf('users.auth.php', `${user.username}:${phpBcrypt(user.password)}:${user.name}:anna@example.org:user\n`);
    // Every page readable by anyone, the private namespace by no one, the user's own page by that user alone.
    conf('acl.auth.php', ['*\t@ALL\t1', 'private:*\t@ALL\t0', `${DOKUWIKI_PRIVATE_PAGE}\t${user.username}\t1`, ''].join('\n'));
    mkdirSync(join(dir, 'data/pages/private'), { recursive: true });
    writeFileSync(join(dir, 'data/pages/private/anna.txt'), `====== ${PRIVATE_HEADING} ======\nBlood pressure 120/80, next visit in March.\n`);
    writeFileSync(join(dir, 'data/pages/start.txt'), '====== Audit wiki ======\nA public start page.\n');
    symlinkSync(PACKAGE_DIR, join(dir, 'www/dokuwiki'));
    const server = await startPhpServer({
      name: 'DokuWiki',
      dir,
      prepend: `define('DOKU_CONF', ${JSON.stringify(join(dir, 'conf/'))});`,
      readyPath: '/dokuwiki/doku.php',
    });
    return {
      url: server.url,
      user,
      stop: async () => {
        await server.process.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
