import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningForeignPortal } from '../foreign/loopback';
import { appDir, debianAppsInstalled } from './debian-app-process';
import { MARIADB_BINARIES, sqlString, startMariaDb } from './mariadb';
import { startPhpServer } from './php-server';

// phpMyAdmin 5.2.1 as Debian 12 ships it (package phpmyadmin 4:5.2.1+dfsg-1+deb12u1, code in
// /usr/share/phpmyadmin), served under /phpmyadmin/ as Debian's apache.conf does, with cookie authentication
// against a MariaDB of the test's own. Its login is re-encrypted into the pmaAuth-1 cookie on every request
// (libraries/classes/Common.php:236 calls rememberCredentials, which stores both login cookies again with a
// fresh nonce: Plugins/Auth/AuthenticationCookie.php:456-470, 635-645): a session cookie rewritten on every
// request. The package reads its settings from libraries/vendor_config.php (configFile, tempDir); this run gets
// a copy of the package's tree made of links to /usr/share/phpmyadmin but for its own vendor_config.php, and
// phpMyAdmin's index.php takes ROOT_PATH when it is already defined (index.php:8-10).

const PACKAGE_DIR = '/usr/share/phpmyadmin';

export const phpMyAdminInstalled = () => debianAppsInstalled(join(PACKAGE_DIR, 'index.php'), '/usr/bin/php', ...MARIADB_BINARIES);

/** The test user's database and the table its structure page lists: the loggedIn signal of the target file. */
export const PMA_DATABASE = 'cecilia_journal';
export const PMA_TABLE = 'appointments';

export interface PhpMyAdminUser {
  username: string;
  password: string;
}

export interface RunningPhpMyAdmin extends RunningForeignPortal {
  user: PhpMyAdminUser;
}

/** The package's tree as links, its vendor_config.php replaced by one pointing at the run's config and temp dir. */
function packageTree(dir: string): string {
  const root = join(dir, 'root');
  mkdirSync(join(root, 'libraries'), { recursive: true });
  for (const entry of readdirSync(PACKAGE_DIR)) if (entry !== 'libraries') symlinkSync(join(PACKAGE_DIR, entry), join(root, entry));
  for (const entry of readdirSync(join(PACKAGE_DIR, 'libraries'))) {
    if (entry !== 'vendor_config.php') symlinkSync(join(PACKAGE_DIR, 'libraries', entry), join(root, 'libraries', entry));
  }
  const vendor = readFileSync(join(PACKAGE_DIR, 'libraries/vendor_config.php'), 'utf8')
    .replace("'/var/lib/phpmyadmin/tmp/'", JSON.stringify(join(dir, 'tmp/')))
    .replace("'/etc/phpmyadmin/config.inc.php'", JSON.stringify(join(dir, 'config.inc.php')))
    .replace("ROOT_PATH . 'libraries' . DIRECTORY_SEPARATOR . 'cache' . DIRECTORY_SEPARATOR", JSON.stringify(join(dir, 'tmp/cache/')));
  if (!vendor.includes(join(dir, 'config.inc.php'))) throw new Error("phpMyAdmin's vendor_config.php changed: it no longer names /etc/phpmyadmin/config.inc.php");
  writeFileSync(join(root, 'libraries/vendor_config.php'), vendor);
  return root;
}

export async function startPhpMyAdmin(): Promise<RunningPhpMyAdmin> {
  const user = { username: 'cecilia', password: `pma-${randomBytes(12).toString('hex')}` };
  const dir = appDir('phpmyadmin', ['www', 'tmp/cache', 'sessions', 'db']);
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const db = await startMariaDb(join(dir, 'db'));
    stops.push(db.process.stop);
    db.sql(
      [
        `CREATE USER ${sqlString(user.username)}@'localhost' IDENTIFIED BY ${sqlString(user.password)};`,
        `CREATE DATABASE ${PMA_DATABASE};`,
        `CREATE TABLE ${PMA_DATABASE}.${PMA_TABLE} (id INT PRIMARY KEY, note VARCHAR(200));`,
        `INSERT INTO ${PMA_DATABASE}.${PMA_TABLE} VALUES (1, 'Physiotherapy, Tuesday 10:00');`,
        `GRANT ALL ON ${PMA_DATABASE}.* TO ${sqlString(user.username)}@'localhost';`,
      ].join('\n'),
    );
    // As Debian's config.inc.php sets it up (auth_type cookie, a 32-byte blowfish_secret of its own), pointed at
    // the test's MariaDB; everything else is phpMyAdmin's default (libraries/config.default.php).
    writeFileSync(
      join(dir, 'config.inc.php'),
      [
        '<?php',
        `$cfg['blowfish_secret'] = '${randomBytes(16).toString('hex')}';`,
        "$cfg['Servers'][1]['auth_type'] = 'cookie';",
        "$cfg['Servers'][1]['host'] = 'localhost';",
        `$cfg['Servers'][1]['socket'] = ${JSON.stringify(db.socket)};`,
        `$cfg['TempDir'] = ${JSON.stringify(join(dir, 'tmp'))};`,
        "$cfg['VersionCheck'] = false;",
        "$cfg['SendErrorReports'] = 'never';",
        '',
      ].join('\n'),
    );
    symlinkSync(packageTree(dir), join(dir, 'www/phpmyadmin'));
    const server = await startPhpServer({ name: 'phpMyAdmin', dir, prepend: `define('ROOT_PATH', ${JSON.stringify(join(dir, 'root/'))});`, readyPath: '/phpmyadmin/index.php' });
    stops.push(server.process.stop);
    return { url: server.url, user, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
