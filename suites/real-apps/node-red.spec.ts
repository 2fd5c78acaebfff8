import nodeRedFile from '../../targets/examples/node-red';
import type { ForeignPortal } from '../foreign/foreign-audit';
import { realAppTests } from './expected-verdicts';
import { INSTALL_HINT, realAppsInstalled } from './node-app-process';
import { startNodeRed, type RunningNodeRed } from './node-red-app';
import { nodeRedExpected } from './node-red.expected';

// Node-RED 4.1.15 (npm), its login a token in localStorage sent as a bearer token, audited through
// targets/examples/node-red.ts alone and compared with the verdicts written from its source beforehand
// (node-red.expected.ts). Run: the core logout (revisit), the replays (copied storage, tokens from outside), the
// other tab with its /comms websocket, storage residue, the power cut, cookie attributes and closing without
// logout. Left out (each entry says why): the scenarios whose question another run here already answers, and
// those the target's declarations skip before the application is asked anything.
const nodeRed = (): ForeignPortal<never> => ({
  file: nodeRedFile,
  source: 'targets/examples/node-red.ts',
  env: (portal) => {
    const [ada, linus] = (portal as RunningNodeRed).users;
    return { NODE_RED_USER_1: ada.username, NODE_RED_PASSWORD_1: ada.password, NODE_RED_USER_2: linus.username, NODE_RED_PASSWORD_2: linus.password };
  },
  urls: (portal) => ({ baseUrl: portal.url }),
  start: startNodeRed,
});

realAppTests('Node-RED', nodeRed, nodeRedExpected, () => (realAppsInstalled('node-red/red.js') ? undefined : INSTALL_HINT));
