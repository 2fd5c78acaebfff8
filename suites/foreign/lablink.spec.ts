import lablinkFile from '../../targets/examples/lablink';
import { foreignPortalTests } from './foreign-audit';
import { LABLINK_USERS, lablinkDefects, startLablink } from './lablink-portal';

// LabLink (a Koa single-page app: JWT access token in sessionStorage sent as Bearer, refresh token in an
// HttpOnly cookie on /api/auth) audited through targets/examples/lablink.ts alone.
foreignPortalTests(
  'LabLink',
  {
    file: lablinkFile,
    source: 'targets/examples/lablink.ts',
    env: () => ({
      LABLINK_USER_1: LABLINK_USERS[0].username,
      LABLINK_PASSWORD_1: LABLINK_USERS[0].password,
      LABLINK_USER_2: LABLINK_USERS[1].username,
      LABLINK_PASSWORD_2: LABLINK_USERS[1].password,
    }),
    urls: (portal) => ({ baseUrl: portal.url }),
    start: startLablink,
  },
  {
    catalogue: lablinkDefects,
    sourceFile: new URL('./lablink-portal.ts', import.meta.url),
    skipped: {
      'logout-remember-me': /declares no "remember me" box/,
      'logout-everywhere': /declares no "log out everywhere"/,
      'idle-timeout': /declares no idle timeout/,
      'logout-sso-silent': /declares no identity provider/,
    },
  },
);
