import type { RunningPortal } from '../portal/start';
import { parseTarget, type Target } from './target';

/**
 * The embedded reference portal as a target. Its URLs exist only once the portal has started (ephemeral
 * ports, one portal per test worker), so this target is built from the running portal. The test users'
 * passwords come from the portal itself: they are fake people on a local demo portal, not credentials.
 */
export function referenceTarget(portal: RunningPortal): Target {
  return parseTarget(
    {
      name: 'reference-portal',
      baseUrl: portal.portalUrl,
      protectedPaths: ['/mina-sidor'],
      loggedIn: { selector: '[data-testid=personal-data]' },
      loginRequired: { selector: 'form#login input[name=password]' },
      login: {
        username: '#username',
        password: '#password',
        submit: '#sign-in',
        remember: '#remember',
        error: { selector: '.login-error' },
        // With --portal-mfa totp the IdP asks for a one-time code after the password; each user's secret is in
        // the environment variable the portal names (REFERENCE_TOTP_SECRET_<USER>), never in the target.
        ...(portal.mfa ? { totp: { selector: '#otp', submit: '#verify-otp', secretEnv: firstSecretEnv(portal) } } : {}),
      },
      logout: { click: '#logout', done: { selector: '#logged-out' }, everywhere: '#logout-everywhere' },
      api: { path: '/api/journal', bearerToken: { selector: 'meta[name=vp-api-token]', attribute: 'content' } },
      idp: portal.saml
        ? { kind: 'saml', entityId: portal.saml.idpEntityId, ssoUrl: portal.saml.ssoUrl, spEntityId: portal.saml.spEntityId, acsUrl: portal.saml.acsUrl }
        : { issuer: portal.issuer, clientId: portal.clientId, redirectUri: `${portal.portalUrl}/callback` },
      users: portal.users.map((u) => ({
        id: u.username,
        username: u.username,
        password: u.password,
        displayName: u.name,
        ...(portal.mfa?.secretEnvByUser[u.username] ? { totpSecretEnv: portal.mfa.secretEnvByUser[u.username] } : {}),
      })),
      policy: { closeWithoutLogout: 'require-login', idleTimeoutSeconds: portal.idleTimeoutSeconds },
    },
    'the reference portal target',
  );
}

/** login.totp.secretEnv: the first user's variable; every user also names their own (users[].totpSecretEnv). */
function firstSecretEnv(portal: RunningPortal): string {
  const name = Object.values(portal.mfa?.secretEnvByUser ?? {})[0];
  if (name === undefined) throw new Error('the reference portal asks for a one-time code but names no secret variable');
  return name;
}
