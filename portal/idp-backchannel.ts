/**
 * The IdP's back-channel endpoint for the portal's "Logga ut överallt": ends every SSO session of one account
 * (all browsers, all devices) and revokes the grants and tokens issued in them. Not a standard protocol;
 * national IdPs offer similar session-management APIs to their relying parties.
 *
 *   POST /backchannel/end-sessions   Authorization: Basic <client credentials>   body: sub=<account id>
 *   200 {"ended": <number of sessions>} | 400 invalid_request | 401 invalid_client
 *
 * The client authenticates as at the token endpoint (client_secret_basic: id and secret form-encoded, then
 * Base64), so only the portal can log its users out.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type Provider from 'oidc-provider';
import type { IdpStore } from './idp-store';

export const END_SESSIONS_PATH = '/backchannel/end-sessions';

export interface EndSessionsOptions {
  provider: Provider;
  store: IdpStore;
  clientId: string;
  clientSecret: string;
  log: (line: string) => void;
}

function same(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

function formDecode(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, ' '));
}

/** Client id and secret of an `Authorization: Basic` header, or undefined when it is absent or malformed. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/]+=*)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return undefined; // a malformed %-escape
  }
}

/**
 * The person a back-channel request names, once the portal's client credentials are checked; undefined when the
 * request was refused (answered here, 401 or 400). Shared with the SAML IdP (saml-idp.ts).
 */
export function authorisedSub(req: Request, res: Response, clientId: string, clientSecret: string): string | undefined {
  const credentials = basicCredentials(req.get('authorization'));
  if (!credentials || !same(credentials.id, clientId) || !same(credentials.secret, clientSecret)) {
    res.set('WWW-Authenticate', 'Basic realm="backchannel"').status(401).json({ error: 'invalid_client' });
    return undefined;
  }
  const sub = (req.body as Record<string, unknown> | undefined)?.sub;
  if (typeof sub !== 'string' || sub === '') {
    res.status(400).json({ error: 'invalid_request', error_description: 'sub is required' });
    return undefined;
  }
  return sub;
}

export function endSessionsHandler({ provider, store, clientId, clientSecret, log }: EndSessionsOptions): RequestHandler {
  async function revokeGrant(grantId: string): Promise<void> {
    await Promise.all([provider.AccessToken.revokeByGrantId(grantId), provider.AuthorizationCode.revokeByGrantId(grantId)]);
    const grant = await provider.Grant.find(grantId);
    await grant?.destroy();
  }

  return async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const sub = authorisedSub(req, res, clientId, clientSecret);
    if (sub === undefined) return;
    let ended = 0;
    for (const id of store.sessionIdsOf(sub)) {
      const session = await provider.Session.find(id);
      if (!session || session.accountId !== sub) continue;
      for (const { grantId } of Object.values(session.authorizations ?? {})) {
        if (grantId) await revokeGrant(grantId);
      }
      // The browser's _session cookie now names nothing: its next request starts a new, anonymous session.
      await session.destroy();
      ended += 1;
    }
    log(`idp: back-channel logout of ${sub} ended ${ended} session(s)`);
    res.json({ ended });
  };
}
