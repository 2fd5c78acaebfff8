import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import samlify from 'samlify';
import type { Target } from '../../targets/target';
import { controlFailed, controls } from '../controls';
import type { Step } from '../scenario';
import { BrokenError } from '../verdict';

// The SAML counterpart of prompt=none: an AuthnRequest with IsPassive="true" (SAML 2.0 core §3.4.1) must not
// make the IdP interact with the user. With a live SSO session it answers with an assertion; without one, with
// the status NoPassive. After logout an assertion means the IdP's single sign-on session survived.

const STATUS = {
  success: 'urn:oasis:names:tc:SAML:2.0:status:Success',
  noPassive: 'urn:oasis:names:tc:SAML:2.0:status:NoPassive',
};

type SamlIdp = Extract<NonNullable<Target['idp']>, { kind: 'saml' }>;
type Ctx = Parameters<Step['run']>[0];

/** The passive AuthnRequest for the HTTP-Redirect binding: unsigned, as the IdP would get it from many SPs. */
export function passiveRequestUrl(idp: SamlIdp & { spEntityId: string; acsUrl: string }): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const xml =
    '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"' +
    ` ID="_${randomBytes(16).toString('hex')}" Version="2.0" IssueInstant="${new Date().toISOString()}" Destination="${escape(idp.ssoUrl)}"` +
    ` AssertionConsumerServiceURL="${escape(idp.acsUrl)}" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" IsPassive="true">` +
    `<saml:Issuer>${escape(idp.spEntityId)}</saml:Issuer></samlp:AuthnRequest>`;
  const url = new URL(idp.ssoUrl);
  url.searchParams.set('SAMLRequest', deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64'));
  url.searchParams.set('RelayState', randomBytes(8).toString('hex'));
  return url.href;
}

/** The value of the SAMLResponse field of the HTTP-POST binding's form, if the page holds one. */
function samlResponseIn(html: string): string | undefined {
  const input = /<input\b[^>]*\bname=["']SAMLResponse["'][^>]*>/i.exec(html)?.[0];
  return input ? /\bvalue=["']([^"']*)["']/i.exec(input)?.[1] : undefined;
}

export interface PassiveAnswer {
  /** Every StatusCode value, outermost first. */
  statuses: string[];
  hasAssertion: boolean;
}

export function readAnswer(samlResponse: string): PassiveAnswer {
  const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
  const fields = samlify.Extractor.extract(xml, [
    { key: 'top', localPath: ['Response', 'Status', 'StatusCode'], attributes: ['Value'] },
    { key: 'second', localPath: ['Response', 'Status', 'StatusCode', 'StatusCode'], attributes: ['Value'] },
    { key: 'assertion', localPath: ['Response', 'Assertion'], attributes: ['ID'] },
    { key: 'encrypted', localPath: ['Response', 'EncryptedAssertion'], attributes: [], context: true },
  ]) as Record<string, unknown>;
  // samlify's extractor gives a field with one attribute as that attribute's value.
  const statuses = [fields.top, fields.second].filter((v): v is string => typeof v === 'string' && v !== '');
  const present = (v: unknown) => typeof v === 'string' && v !== '';
  return { statuses, hasAssertion: present(fields.assertion) || present(fields.encrypted) };
}

export type SilentPhase = 'while logged in' | 'after logout';

/** The SAML half of requestSilentLogin (silent-login.ts): the same control and the same finding. */
export async function requestSamlPassiveLogin(ctx: Ctx, idp: SamlIdp, phase: SilentPhase): Promise<void> {
  const check = 'a passive AuthnRequest answers NoPassive';
  if (!idp.spEntityId || !idp.acsUrl) {
    ctx.notApplicable(phase === 'after logout' ? check : controls.silentLogin, "the target declares no SAML idp.spEntityId and idp.acsUrl");
    return;
  }
  if (!ctx.driver.fetchTextWithCookies) {
    ctx.notApplicable(phase === 'after logout' ? check : controls.silentLogin, `${ctx.driver.name} cannot read an answer before the browser posts it on`);
    return;
  }
  const reply = await ctx.driver.fetchTextWithCookies(passiveRequestUrl({ ...idp, spEntityId: idp.spEntityId, acsUrl: idp.acsUrl }));
  const samlResponse = samlResponseIn(reply.text);
  const misdescribed = "the target's idp.spEntityId or idp.acsUrl is not what the IdP knows the portal by, or the IdP keeps no single sign-on session";
  if (!samlResponse) {
    if (phase === 'while logged in') controlFailed(controls.silentLogin, `HTTP ${reply.status} without a SAMLResponse form`, misdescribed);
    throw new BrokenError('PAGE_UNRECOGNISED', `the passive AuthnRequest was answered without a SAMLResponse (HTTP ${reply.status} at ${reply.url})`);
  }
  // A bearer assertion: never to appear in evidence.
  ctx.redactor.register(samlResponse);
  const answer = readAnswer(samlResponse);
  const success = answer.statuses[0] === STATUS.success && answer.hasAssertion;
  const seen = answer.statuses.map((s) => s.split(':').pop()).join('/') || 'no status';
  if (phase === 'while logged in') {
    if (!success) controlFailed(controls.silentLogin, `status ${seen} and no assertion`, misdescribed);
    ctx.control(controls.silentLogin, 'an assertion, without any prompt (status Success)');
  } else if (answer.statuses.includes(STATUS.noPassive)) {
    ctx.pass(check, `status ${seen}`, controls.silentLogin);
  } else if (success) {
    ctx.finding('IDP_SESSION_ALIVE', {
      message: 'after logout the SAML identity provider still answered a passive AuthnRequest with an assertion: its single sign-on session survived',
      expected: 'status NoPassive',
      seen: 'status Success with an assertion (the user is still logged in at the identity provider)',
    });
  } else {
    throw new BrokenError('PAGE_UNRECOGNISED', `the passive AuthnRequest was answered with neither an assertion nor NoPassive (status ${seen})`);
  }
}
