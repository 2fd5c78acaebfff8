import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { RunningForeignPortal } from '../foreign/loopback';
import { REAL_APPS_DIR, appTempDir, freeLoopbackPort, startNodeApp } from './node-app-process';

// verdaccio 5 (npm verdaccio, pinned in apps/package.json), a private npm registry with a web UI, started as its
// own command (verdaccio/bin/verdaccio) with a config file of the test's: htpasswd users (bcrypt hashes made
// here at each start from passwords made here too), every package readable by logged-in users only, and one
// private package in its storage whose page is the protected page. No uplink: it never leaves 127.0.0.1.

/** The private package whose page only a logged-in user sees, and the text of its readme (the loggedIn signal). */
export const VERDACCIO_PACKAGE = '@clinic/records';
export const VERDACCIO_README_MARKER = 'Lab results of the clinic';

export interface VerdaccioUser {
  username: string;
  password: string;
}

export interface RunningVerdaccio extends RunningForeignPortal {
  users: readonly [VerdaccioUser, VerdaccioUser];
}

const require = createRequire(join(REAL_APPS_DIR, 'package.json'));

export async function startVerdaccio(): Promise<RunningVerdaccio> {
  const bcrypt = require('bcryptjs') as { hashSync(password: string, rounds: number): string };
  const users = [
    { username: 'grace', password: `vd-${randomBytes(12).toString('hex')}` },
    { username: 'alan', password: `vd-${randomBytes(12).toString('hex')}` },
  ] as const;
  const dir = appTempDir('verdaccio');
  const port = await freeLoopbackPort();
  writeFileSync(join(dir, 'htpasswd'), users.map((u) => `${u.username}:${bcrypt.hashSync(u.password, 8)}:autocreated ${new Date().toISOString()}\n`).join(''));
  // YAML is a superset of JSON: the config is written as JSON.
  const config = {
    storage: join(dir, 'storage'),
    auth: { htpasswd: { file: join(dir, 'htpasswd'), max_users: -1 } },
    uplinks: {},
    packages: { '**': { access: '$authenticated', publish: '$authenticated' } },
    web: { title: 'Clinic registry', login: true },
    listen: `127.0.0.1:${port}`,
    log: { type: 'stdout', format: 'pretty', level: 'warn' },
  };
  writeFileSync(join(dir, 'config.yaml'), JSON.stringify(config, null, 2));
  seedPackage(join(dir, 'storage'), `http://127.0.0.1:${port}`);
  const running = await startNodeApp({
    name: 'verdaccio',
    args: [join(REAL_APPS_DIR, 'node_modules/verdaccio/bin/verdaccio'), '--config', join(dir, 'config.yaml')],
    cwd: dir,
    url: `http://127.0.0.1:${port}`,
    dir,
    readyPath: '/-/ping',
  });
  return { ...running, users };
}

/** Writes one published version of the private package into verdaccio's storage, as a publish would leave it. */
function seedPackage(storage: string, url: string): void {
  const [scope, name] = VERDACCIO_PACKAGE.split('/') as [string, string];
  const packageDir = join(storage, scope, name);
  mkdirSync(packageDir, { recursive: true });
  // A tarball is never fetched by the UI; its file still exists so the metadata points at something real.
  const tarball = Buffer.from('');
  writeFileSync(join(packageDir, `${name}-1.0.0.tgz`), tarball);
  const readme = `# ${VERDACCIO_PACKAGE}\n\n${VERDACCIO_README_MARKER}: fake patients only.\n`;
  const version = {
    name: VERDACCIO_PACKAGE,
    version: '1.0.0',
    description: 'Private lab results of the clinic',
    readme,
    dist: { shasum: createHash('sha1').update(tarball).digest('hex'), tarball: `${url}/${VERDACCIO_PACKAGE}/-/${name}-1.0.0.tgz` },
  };
  const metadata = {
    name: VERDACCIO_PACKAGE,
    versions: { '1.0.0': version },
    time: { modified: new Date().toISOString(), created: new Date().toISOString(), '1.0.0': new Date().toISOString() },
    'dist-tags': { latest: '1.0.0' },
    readme,
    _uplinks: {},
    _distfiles: {},
    _attachments: { [`${name}-1.0.0.tgz`]: { shasum: version.dist.shasum, version: '1.0.0' } },
    _rev: '1-0000000000000000',
    _id: VERDACCIO_PACKAGE,
  };
  writeFileSync(join(packageDir, 'package.json'), JSON.stringify(metadata, null, 2));
  // The list of private packages the home page shows (what a publish adds to), and the secret verdaccio signs
  // its tokens with (it would write one of its own otherwise).
  writeFileSync(join(storage, '.verdaccio-db.json'), JSON.stringify({ list: [VERDACCIO_PACKAGE], secret: randomBytes(32).toString('hex') }));
}
