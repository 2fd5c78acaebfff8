import { randomBytes } from 'node:crypto';
import type { HttpExchange } from '../../drivers/driver';
import { controlFailed, controls } from '../controls';
import type { Step } from '../scenario';
import { BrokenError } from '../verdict';
import { requestSamlPassiveLogin, type SilentPhase } from './saml-passive-login';

// The OpenID Foundation's RP-initiated logout conformance check: after logout, an authorization request with
// prompt=none must come back with error=login_required. If it comes back with a code, the IdP's single sign-on
// session outlived the logout, and the next person to press "log in" on any portal of that IdP is let in.

async function discover(ctx: Parameters<Step['run']>[0], issuer: string): Promise<string> {
  // Read through the browser: the same network view and the same certificates as the user has.
  const discovery = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  await ctx.driver.open(discovery);
  try {
    const metadata = JSON.parse(await ctx.driver.text()) as { authorization_endpoint?: string };
    if (metadata.authorization_endpoint) return metadata.authorization_endpoint;
  } catch {
    // fall through to the error below
  }
  throw new BrokenError('PRECONDITION', `no authorization_endpoint in the discovery document at ${discovery}`);
}

/** The answer of the authorization endpoint: the first redirect it sent back to the redirect URI. */
function answer(exchanges: HttpExchange[], endpoint: string, redirectUri: string): URL | undefined {
  const fromIdp = exchanges.find((e) => e.url.startsWith(endpoint) && e.responseHeaders.location?.startsWith(redirectUri));
  return fromIdp?.responseHeaders.location ? new URL(fromIdp.responseHeaders.location) : undefined;
}


/**
 * While logged in, prompt=none must come back with a code: that is the control, without which a wrong client id
 * or redirect URI in the target (answered with an error whatever the session) would pass. After logout it must
 * come back with login_required.
 */
export function requestSilentLogin(phase: SilentPhase): Step {
  return {
    title: `ask the identity provider to log in silently (prompt=none, ${phase})`,
    async run(ctx) {
      const idp = ctx.target.idp;
      if (idp?.kind === 'saml') {
        await requestSamlPassiveLogin(ctx, idp, phase);
        return;
      }
      if (!idp?.clientId || !idp.redirectUri) {
        ctx.notApplicable(phase === 'after logout' ? 'prompt=none answers login_required' : controls.silentLogin, 'the target declares no OpenID client id and redirect URI');
        return;
      }
      const endpoint = await discover(ctx, idp.issuer);
      const url = new URL(endpoint);
      url.search = new URLSearchParams({
        client_id: idp.clientId,
        redirect_uri: idp.redirectUri,
        response_type: 'code',
        scope: 'openid',
        prompt: 'none',
        state: randomBytes(12).toString('base64url'),
        nonce: randomBytes(12).toString('base64url'),
      }).toString();
      const before = (await ctx.driver.allExchanges()).length;
      await ctx.driver.open(url.toString());
      const reply = answer((await ctx.driver.allExchanges()).slice(before), endpoint, idp.redirectUri);
      const misdescribed = "the target's idp.clientId or idp.redirectUri is wrong, or the identity provider keeps no single sign-on session";
      if (!reply) {
        if (phase === 'while logged in') controlFailed(controls.silentLogin, `no redirect back to ${idp.redirectUri}`, misdescribed);
        throw new BrokenError('PAGE_UNRECOGNISED', `the authorization endpoint did not redirect back to ${idp.redirectUri}`);
      }
      const error = reply.searchParams.get('error');
      const gotCode = reply.searchParams.has('code');
      if (phase === 'while logged in') {
        if (!gotCode) controlFailed(controls.silentLogin, `error=${error ?? 'none'} and no code`, misdescribed);
        ctx.control(controls.silentLogin, 'an authorization code, without any prompt');
      } else if (error === 'login_required' || error === 'interaction_required') {
        ctx.pass('prompt=none answers login_required', `error=${error}`, controls.silentLogin);
      } else if (gotCode) {
        ctx.finding('IDP_SESSION_ALIVE', {
          message: "after logout the identity provider still answered prompt=none with an authorization code: its single sign-on session survived",
          expected: 'error=login_required',
          seen: 'an authorization code (the user is still logged in at the identity provider)',
        });
      } else {
        throw new BrokenError('PAGE_UNRECOGNISED', `prompt=none was answered with neither a code nor login_required (error=${error ?? 'none'})`);
      }
    },
  };
}
