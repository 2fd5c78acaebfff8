import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runToEnd, spawnApp, untilReady, type AppProcess } from './debian-app-process';

// A MariaDB server of the test's own (Debian 12's mariadb-server 10.11), for phpMyAdmin to log in to: a fresh
// datadir made by mariadb-install-db in the run's temp dir, no TCP port at all (a unix socket in that dir),
// run as the user the tests run as. Measured here on 2 cores: the datadir 5.8 s, the server up 1.5 s later.
// --no-defaults everywhere: the system's /etc/mysql is neither read nor written.

export const MARIADB_BINARIES = ['/usr/sbin/mariadbd', '/usr/bin/mariadb-install-db', '/usr/bin/mariadb'];

// A test database needs little: small InnoDB files (the datadir is 22 MB instead of 114 MB) and buffers.
const SMALL = ['--innodb-log-file-size=4M', '--innodb-buffer-pool-size=8M', '--skip-log-bin'];

export interface RunningMariaDb {
  socket: string;
  /** Runs SQL as the database's root (unix-socket authentication); values ride on stdin, never argv. */
  sql(statements: string): void;
  process: AppProcess;
}

const osUser = () => (process.getuid?.() === 0 ? 'root' : (process.env.USER ?? 'root'));

export async function startMariaDb(dir: string): Promise<RunningMariaDb> {
  const datadir = join(dir, 'data');
  const socket = join(dir, 'mariadb.sock');
  runToEnd('mariadb-install-db', ['--no-defaults', `--datadir=${datadir}`, `--user=${osUser()}`, '--auth-root-authentication-method=socket', '--skip-test-db', '--skip-name-resolve', ...SMALL]);
  const server = spawnApp('mariadbd', [
    '--no-defaults',
    `--datadir=${datadir}`,
    `--user=${osUser()}`,
    `--socket=${socket}`,
    '--skip-networking',
    `--pid-file=${join(dir, 'mariadb.pid')}`,
    `--log-error=${join(dir, 'mariadb.err')}`,
    ...SMALL,
  ]);
  const sql = (statements: string) => void runToEnd('mariadb', ['--no-defaults', `--socket=${socket}`, '--user=root', '--batch'], statements);
  await untilReady(server, 'MariaDB', async () => {
    if (!existsSync(socket)) return false;
    sql('SELECT 1;');
    return true;
  });
  return { socket, sql, process: server };
}

/** A string literal for SQL: test values only (generated passwords, fixed names), quotes and backslashes escaped. */
export const sqlString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
