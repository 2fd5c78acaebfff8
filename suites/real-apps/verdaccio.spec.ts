import verdaccioFile from '../../targets/examples/verdaccio';
import type { ForeignPortal } from '../foreign/foreign-audit';
import { realAppTests } from './expected-verdicts';
import { INSTALL_HINT, realAppsInstalled } from './node-app-process';
import { startVerdaccio, type RunningVerdaccio } from './verdaccio-app';
import { verdaccioExpected } from './verdaccio.expected';

// verdaccio 5.33.0 (npm), its web login a JWT in localStorage that logout only drops in the browser, audited
// through targets/examples/verdaccio.ts alone and compared with the verdicts written from its source beforehand
// (verdaccio.expected.ts): the JWT valid after logout is verdaccio's own weakness, expected as findings. Run: the
// core logout (revisit), the replays, the other tab and storage residue. Left out (each entry says why): what
// Node-RED's runs already ask of a login of the same kind, the power cut (timing decides whether the token comes
// back; the server's answer is logout-replay's), and what the target's declarations skip.
const verdaccio = (): ForeignPortal<never> => ({
  file: verdaccioFile,
  source: 'targets/examples/verdaccio.ts',
  env: (portal) => {
    const [grace, alan] = (portal as RunningVerdaccio).users;
    return { VERDACCIO_USER_1: grace.username, VERDACCIO_PASSWORD_1: grace.password, VERDACCIO_USER_2: alan.username, VERDACCIO_PASSWORD_2: alan.password };
  },
  urls: (portal) => ({ baseUrl: portal.url }),
  start: startVerdaccio,
});

realAppTests('verdaccio', verdaccio, verdaccioExpected, () => (realAppsInstalled('verdaccio/bin/verdaccio') ? undefined : INSTALL_HINT));
