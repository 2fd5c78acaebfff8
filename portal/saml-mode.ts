/**
 * The reference portal's SAML mode (`--portal-idp saml`): the embedded SAML identity provider (saml-idp.ts) on the
 * IdP's server and the portal as its service provider (saml-sp.ts), with a signing key made for this instance.
 */
import type { Server } from 'node:http';
import { createPortalApp } from './app';
import type { DefectId } from './defects';
import { createSamlIdp, type SamlEndpoints } from './saml-idp';
import { throwawaySigningCredentials } from './saml-keys';
import { useSchemaValidator } from './saml-schema-validator';
import type { TotpStep } from './totp-step';

export type { SamlEndpoints } from './saml-idp';

export interface SamlModeOptions {
  /** The IdP's origin, http://localhost:<port>. */
  issuer: string;
  portalUrl: string;
  /** The back channel's credentials ("log out everywhere" ends the person's SSO sessions through it). */
  clientId: string;
  clientSecret: string;
  defects: readonly DefectId[];
  log: (line: string) => void;
  idpServer: Server;
  portalServer: Server;
  idleTimeoutSeconds: number;
  now: () => number;
  /** The second factor, asked by the IdP after a right password (`--portal-mfa totp`). */
  totp?: TotpStep;
}

/** Wires both servers for SAML and returns the endpoints a target declares. */
export async function startSamlMode(opts: SamlModeOptions): Promise<SamlEndpoints> {
  const { issuer, portalUrl } = opts;
  const endpoints: SamlEndpoints = {
    idpEntityId: `${issuer}/saml/metadata`,
    ssoUrl: `${issuer}/saml/sso`,
    sloUrl: `${issuer}/saml/slo`,
    spEntityId: `${portalUrl}/saml/metadata`,
    acsUrl: `${portalUrl}/saml/acs`,
    spSloUrl: `${portalUrl}/saml/slo`,
  };
  await useSchemaValidator();
  const credentials = await throwawaySigningCredentials('Inloggningstjänsten (reference portal)');
  opts.idpServer.on('request', createSamlIdp({ ...opts, endpoints, credentials }).handler);
  const { idpServer: _idp, portalServer: _portal, totp: _totp, ...common } = opts;
  opts.portalServer.on('request', await createPortalApp({ ...common, saml: { endpoints, idpCert: credentials.cert } }));
  return endpoints;
}
