/**
 * Starts the reference portal: the identity provider on http://localhost:<port> and the health portal on
 * http://127.0.0.1:<port>, both bound to 127.0.0.1 on ephemeral ports, so any number can run side by side
 * (one per test worker).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPortalApp } from './app';
import { idpModeOf, parseDefects, type DefectId } from './defects';
import { createIdp } from './idp';
import { startSamlMode, type SamlEndpoints } from './saml-mode';
import { referenceTotpSecrets, totpSecretEnv } from './totp-secrets';
import { createTotpStep } from './totp-step';
import { testUsers, type TestUser } from './users';

export type { DefectId } from './defects';
export type { TestUser } from './users';

/** The kind of identity provider the portal signs in with (`--portal-idp`). */
export type PortalIdpKind = 'oidc' | 'saml';

export interface StartPortalOptions {
  /**
   * OpenID Connect (oidc-provider, the default) or SAML 2.0 (samlify; the portal a SAML service provider). A
   * defect of SAML mode switches it on by itself; naming 'oidc' with one is refused.
   */
  idp?: PortalIdpKind;
  /** Defects to switch on; none (the default) is the clean portal. */
  defects?: readonly DefectId[];
  /**
   * Seconds without an authenticated request after which the portal ends a session and makes the IdP ask
   * for credentials again (prompt=login). Default 10: short, so the idle-timeout scenario is quick; a
   * scenario that idles longer on purpose (waiting for a cookie flush) must start the portal with more.
   */
  idleTimeoutSeconds?: number;
  /** Receives one line per notable event (logins, logouts, failures); never tokens or passwords. */
  log?: (line: string) => void;
  /**
   * The clock the idle timeout reads (epoch ms); default Date.now. A test passes a clock it moves forward, so
   * "idle past the timeout" takes no waiting and no test depends on the machine's speed.
   */
  now?: () => number;
  /**
   * A second factor after the password (`--portal-mfa totp`): a one-time code from each user's TOTP secret,
   * read from REFERENCE_TOTP_SECRET_<USER> or generated into it (portal/totp-secrets.ts).
   */
  mfa?: PortalMfa;
}

export type PortalMfa = 'totp';

/** The second factor a running portal asks for, and where the harness finds each user's secret. */
export interface RunningPortalMfa {
  kind: PortalMfa;
  /** username → the environment variable holding the user's base32 TOTP secret (never the secret itself). */
  secretEnvByUser: Readonly<Record<string, string>>;
}

export interface RunningPortal {
  /** http://127.0.0.1:<port>, no trailing slash. */
  portalUrl: string;
  /** http://localhost:<port>, no trailing slash; the same as issuer. */
  idpUrl: string;
  issuer: string;
  clientId: string;
  idpKind: PortalIdpKind;
  /** SAML mode: the IdP's entity id and SSO URL, the portal's entity id and ACS URL (what a target declares). */
  saml?: SamlEndpoints;
  users: readonly TestUser[];
  defects: readonly DefectId[];
  /** The idle timeout in effect, in seconds (the target's declared policy). */
  idleTimeoutSeconds: number;
  /** The second factor, when the portal was started with one. */
  mfa: RunningPortalMfa | undefined;
  /** Closes both servers and every open connection; safe to call twice. */
  stop(): Promise<void>;
}

const CLIENT_ID = 'vardportalen';
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 10;

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // 127.0.0.1 only: the portal holds (fake) personal data and must never be reachable from the network.
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Browsers keep idle keep-alive connections open; without this close() would wait for them to time out.
    server.closeAllConnections();
  });
}

export async function startPortal(opts: StartPortalOptions = {}): Promise<RunningPortal> {
  // Validates ids even from untyped callers (a JSON config, a CLI) and drops duplicates.
  const defects = parseDefects([...(opts.defects ?? [])]);
  const log = opts.log ?? (() => {});
  const idpKind = opts.idp ?? idpModeOf(defects);
  if (idpKind !== 'saml' && idpModeOf(defects) === 'saml') throw new RangeError(`the defects ${defects.join(', ')} live in the portal's SAML mode, not with --portal-idp ${idpKind}`);
  const idleTimeoutSeconds = opts.idleTimeoutSeconds ?? DEFAULT_IDLE_TIMEOUT_SECONDS;
  if (!Number.isFinite(idleTimeoutSeconds) || idleTimeoutSeconds <= 0) {
    throw new RangeError(`idleTimeoutSeconds must be a positive number of seconds, got ${String(opts.idleTimeoutSeconds)}`);
  }
  const idpServer = createServer();
  const portalServer = createServer();
  const stop = async () => {
    await Promise.all([close(portalServer), close(idpServer)]);
  };

  try {
    // Both ports must be known before either side is configured: the IdP registers the portal's
    // redirect URIs and the portal discovers the IdP.
    const [idpPort, portalPort] = await Promise.all([listen(idpServer), listen(portalServer)]);
    const issuer = `http://localhost:${idpPort}`;
    const portalUrl = `http://127.0.0.1:${portalPort}`;
    const clientSecret = randomBytes(32).toString('base64url');
    const common = { issuer, portalUrl, clientId: CLIENT_ID, clientSecret, defects, log };

    // The second factor is one step for every IdP kind (portal/totp-step.ts).
    const totp = opts.mfa === 'totp' ? totpStepFor(testUsers, opts.now, log) : undefined;
    const saml = idpKind === 'saml' ? await startSamlMode({ ...common, idpServer, portalServer, idleTimeoutSeconds, now: opts.now ?? Date.now, ...(totp ? { totp } : {}) }) : undefined;
    if (!saml) {
    const idp = await createIdp({ ...common, ...(totp ? { totp } : {}) });
    idpServer.on('request', idp.handler);
    const portalApp = await createPortalApp({ ...common, idleTimeoutSeconds, now: opts.now ?? Date.now });
    portalServer.on('request', portalApp);

    }
    log(`portal ${portalUrl}, idp ${issuer} (${idpKind}), idle timeout ${idleTimeoutSeconds} s, defects: ${defects.length ? defects.join(', ') : 'none'}${totp ? ', second factor: totp' : ''}`);
    const mfa = totp ? { kind: 'totp' as const, secretEnvByUser: Object.fromEntries(testUsers.map((u) => [u.username, totpSecretEnv(u.username)])) } : undefined;
    return { portalUrl, idpUrl: issuer, issuer, clientId: CLIENT_ID, idpKind, ...(saml ? { saml } : {}), users: testUsers, defects, idleTimeoutSeconds, mfa, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function totpStepFor(users: readonly TestUser[], now: (() => number) | undefined, log: (line: string) => void) {
  const secrets = referenceTotpSecrets(users.map((u) => u.username));
  return createTotpStep({ secretOf: (username) => secrets.get(username), log, ...(now ? { now } : {}) });
}
