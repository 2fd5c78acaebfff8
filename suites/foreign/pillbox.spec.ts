import pillboxFile from '../../targets/examples/pillbox';
import { foreignPortalTests } from './foreign-audit';
import { PILLBOX_USERS, pillboxDefects, startPillbox } from './pillbox-portal';

// PillBox (Fastify, @fastify/session, a "keep me signed in" remember-me cookie) audited through
// targets/examples/pillbox.ts alone.
foreignPortalTests(
  'PillBox',
  {
    file: pillboxFile,
    source: 'targets/examples/pillbox.ts',
    env: () => ({
      PILLBOX_USER_1: PILLBOX_USERS[0].username,
      PILLBOX_PASSWORD_1: PILLBOX_USERS[0].password,
      PILLBOX_USER_2: PILLBOX_USERS[1].username,
      PILLBOX_PASSWORD_2: PILLBOX_USERS[1].password,
    }),
    urls: (portal) => ({ baseUrl: portal.url }),
    start: startPillbox,
  },
  {
    catalogue: pillboxDefects,
    sourceFile: new URL('./pillbox-portal.ts', import.meta.url),
    skipped: {
      'logout-everywhere': /declares no "log out everywhere"/,
      'idle-timeout': /declares no idle timeout/,
      'logout-sso-silent': /declares no identity provider/,
      'logout-token-replay': /nothing to test here/,
    },
  },
);
