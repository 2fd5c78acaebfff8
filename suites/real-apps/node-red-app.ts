import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { RunningForeignPortal } from '../foreign/loopback';
import { REAL_APPS_DIR, appTempDir, freeLoopbackPort, startNodeApp } from './node-app-process';

// Node-RED 4.1 (npm node-red, pinned in apps/package.json), the flow editor, started as its own command
// (node-red/red.js) with a settings file of the test's: adminAuth with two test users, whose bcrypt hashes are
// made here at each start from passwords made here too, a temp user dir with one flow, on 127.0.0.1.

/** The flow tab every logged-in editor shows: its id is the loggedIn signal of the target file. */
export const NODE_RED_FLOW_TAB = 'audit-records';

export interface NodeRedUser {
  username: string;
  password: string;
}

export interface RunningNodeRed extends RunningForeignPortal {
  users: readonly [NodeRedUser, NodeRedUser];
}

const require = createRequire(join(REAL_APPS_DIR, 'package.json'));

export async function startNodeRed(): Promise<RunningNodeRed> {
  const bcrypt = require('bcryptjs') as { hashSync(password: string, rounds: number): string };
  const users = [
    { username: 'ada', password: `nr-${randomBytes(12).toString('hex')}` },
    { username: 'linus', password: `nr-${randomBytes(12).toString('hex')}` },
  ] as const;
  const dir = appTempDir('node-red');
  const port = await freeLoopbackPort();
  const settings = {
    uiHost: '127.0.0.1',
    uiPort: port,
    userDir: dir,
    flowFile: 'flows.json',
    // No default user: an anonymous visitor gets the login dialog (editor-api/lib/auth/index.js).
    adminAuth: { type: 'credentials', users: users.map((u) => ({ username: u.username, password: bcrypt.hashSync(u.password, 8), permissions: '*' })) },
    // What a first login would otherwise open over the editor: the welcome tour and the telemetry question.
    editorTheme: { tours: false },
    telemetry: { enabled: false },
    diagnostics: { enabled: false, ui: false },
    logging: { console: { level: 'warn', metrics: false, audit: false } },
  };
  writeFileSync(join(dir, 'settings.js'), `module.exports = ${JSON.stringify(settings, null, 2)};\n`);
  const flows = [
    { id: NODE_RED_FLOW_TAB, type: 'tab', label: 'Patient records', disabled: false, info: '' },
    { id: 'audit-inject', type: 'inject', z: NODE_RED_FLOW_TAB, name: 'lab results', props: [], repeat: '', once: false, topic: '', x: 140, y: 80, wires: [[]] },
  ];
  writeFileSync(join(dir, 'flows.json'), JSON.stringify(flows));
  const running = await startNodeApp({
    name: 'Node-RED',
    args: [join(REAL_APPS_DIR, 'node_modules/node-red/red.js'), '--settings', join(dir, 'settings.js'), '--userDir', dir],
    cwd: dir,
    url: `http://127.0.0.1:${port}`,
    dir,
    readyPath: '/auth/login',
  });
  return { ...running, users };
}
