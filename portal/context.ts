/**
 * What the portal's route modules share: its OIDC client configuration, the defect switches, the session
 * store and the API tokens. Built once by createPortalApp (app.ts).
 */
import type * as oidc from 'openid-client';
import type { ApiTokens } from './api-tokens';
import type { DefectId } from './defects';
import type { PortalSamlSp } from './saml-sp';
import type { PortalSessions } from './session-store';
import type { SpaTokens } from './spa-tokens';

export interface PortalContext {
  /** http://127.0.0.1:<port>, no trailing slash. */
  portalUrl: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The IdP's metadata and the portal's client credentials, from discovery; absent in SAML mode. */
  config?: oidc.Configuration;
  /** SAML mode: the portal as a SAML service provider (saml-sp.ts); absent with OpenID Connect. */
  saml?: PortalSamlSp;
  /** Seconds of inactivity after which a session is ended (see idle-timeout.ts). */
  idleTimeoutSeconds: number;
  /** The idle timeout's clock, epoch ms (Date.now unless a test moves it). */
  now(): number;
  has(id: DefectId): boolean;
  log(line: string): void;
  sessions: PortalSessions;
  tokens: ApiTokens;
  /** The refresh and access tokens of Mina sidor's single-page part. */
  spa: SpaTokens;
}
