import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, spawnApp, untilReady, type AppProcess } from './debian-app-process';

// A PHP application from a Debian package, served by PHP's built-in server (php-cli) on 127.0.0.1, its
// document root a temp dir holding a link to the package's directory under the URL path the package's web
// server configuration gives it (/dokuwiki, /phpmyadmin). Each application learns where its configuration is
// from constants a prepended file defines before its own code runs (DOKU_CONF, ROOT_PATH): both packages
// define theirs only when not yet defined.

export interface PhpServerOptions {
  name: string;
  /** The temp dir of this run: the document root, the prepend file and the sessions go under it. */
  dir: string;
  /** PHP defined before the application runs: `define('DOKU_CONF', ...);`. */
  prepend: string;
  /** A path that answers 200 once the server runs. */
  readyPath: string;
}

export interface PhpServer {
  url: string;
  process: AppProcess;
}

export async function startPhpServer(options: PhpServerOptions): Promise<PhpServer> {
  const prependFile = join(options.dir, 'prepend.php');
  writeFileSync(prependFile, `<?php\n${options.prepend}\n`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const php = spawnApp(
    'php',
    [
      '-d', `auto_prepend_file=${prependFile}`,
      // Sessions in the run's own dir, not the system's /var/lib/php/sessions.
      '-d', `session.save_path=${join(options.dir, 'sessions')}`,
      // PHP's notices go to the log, never into the pages a check reads.
      '-d', 'display_errors=0',
      '-S', `127.0.0.1:${port}`,
      '-t', join(options.dir, 'www'),
    ],
    // The built-in server answers one request at a time unless told otherwise; a page loads its CSS and
    // scripts in parallel.
    { PHP_CLI_SERVER_WORKERS: '4' },
  );
  await untilReady(php, `${options.name} (php -S ${url})`, async () => (await fetch(`${url}${options.readyPath}`, { redirect: 'manual' })).status === 200);
  return { url, process: php };
}
