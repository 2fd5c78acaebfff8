import { findUser } from '../../portal/users';
import physioFile from '../../targets/examples/physio';
import { foreignPortalTests } from './foreign-audit';
import { PHYSIO_CLIENT_ID, PHYSIO_USERS, physioDefects, startPhysio } from './physio-portal';

// PhysioNet (Express, express-openid-connect on the embedded IdP, a stateless encrypted session cookie)
// audited through targets/examples/physio.ts alone. Its users are the IdP's own test users.
const password = (username: string) => findUser(username)?.password ?? '';

foreignPortalTests(
  'PhysioNet',
  {
    file: physioFile,
    source: 'targets/examples/physio.ts',
    env: () => ({
      PHYSIO_USER_1: PHYSIO_USERS[0].username,
      PHYSIO_PASSWORD_1: password(PHYSIO_USERS[0].username),
      PHYSIO_USER_2: PHYSIO_USERS[1].username,
      PHYSIO_PASSWORD_2: password(PHYSIO_USERS[1].username),
    }),
    urls: (portal) => ({
      baseUrl: portal.url,
      idp: { issuer: portal.idpUrl ?? '', clientId: PHYSIO_CLIENT_ID, redirectUri: `${portal.url}/callback` },
    }),
    start: startPhysio,
  },
  {
    catalogue: physioDefects,
    sourceFile: new URL('./physio-portal.ts', import.meta.url),
    skipped: {
      'logout-everywhere': /declares no "log out everywhere"/,
      'idle-timeout': /declares no idle timeout/,
      'logout-token-replay': /nothing to test here/,
    },
  },
);
