/**
 * A throwaway signing key and self-signed certificate for the reference portal's SAML identity provider, made at
 * portal start and kept only in memory: no key is ever committed or written to disk, and every portal instance
 * (one per test worker) signs with its own.
 */
import { generate } from 'selfsigned';

export interface SigningCredentials {
  /** PKCS#8 PEM. */
  privateKey: string;
  /** X.509 PEM, what the service provider trusts. */
  cert: string;
}

export async function throwawaySigningCredentials(commonName: string): Promise<SigningCredentials> {
  // RSA 2048 with SHA-256: what SAML's rsa-sha256 and both libraries expect; a day is longer than any portal
  // instance lives.
  const notAfterDate = new Date(Date.now() + 24 * 60 * 60 * 1000);
  const pems = await generate([{ name: 'commonName', value: commonName }], { keyType: 'rsa', keySize: 2048, algorithm: 'sha256', notAfterDate });
  return { privateKey: pems.private, cert: pems.cert };
}
