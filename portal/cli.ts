/**
 * Runs the reference portal by hand:
 *
 *   tsx portal/cli.ts [--portal-idp oidc|saml] [--defects id,id] [--idle-timeout seconds] [--mfa totp] [--verbose]
 *
 * Prints the URLs, the test users with their passwords (fake people on a local demo portal: printing them is
 * the point) and the active defects, then serves until Ctrl-C or SIGTERM.
 */
import { parseArgs } from 'node:util';
import { defectById, defectIds, parseDefects, type DefectId } from './defects';
import { DEFAULT_IDLE_TIMEOUT_SECONDS, startPortal, type PortalMfa } from './start';

const USAGE = `usage: logout-audit portal [--portal-idp oidc|saml] [--defects <id>[,<id>...]] [--idle-timeout <seconds>] [--mfa totp] [--verbose]

  --portal-idp    the identity provider: oidc (OpenID Connect, the default) or saml (SAML 2.0)
  --defects       defects to switch on (repeatable); valid ids: ${defectIds.join(', ')}
  --idle-timeout  seconds without activity before a session ends (default ${DEFAULT_IDLE_TIMEOUT_SECONDS})
  --mfa totp      ask for a one-time code after the password (also --portal-mfa, as the audit spells it);
                  each user's secret is REFERENCE_TOTP_SECRET_<USER> from the environment, or generated
  --verbose       also print oidc-provider's own notices`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

let values: { 'portal-idp'?: string; defects?: string[]; 'idle-timeout'?: string; mfa?: string; 'portal-mfa'?: string; verbose?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      defects: { type: 'string', multiple: true },
      'portal-idp': { type: 'string' },
      'idle-timeout': { type: 'string' },
      mfa: { type: 'string' },
      'portal-mfa': { type: 'string' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (err) {
  fail(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

let defects: DefectId[];
try {
  defects = parseDefects(values.defects ?? []);
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}

const idleTimeoutSeconds = values['idle-timeout'] === undefined ? undefined : Number(values['idle-timeout']);
if (idleTimeoutSeconds !== undefined && !(idleTimeoutSeconds > 0)) fail(`--idle-timeout must be a positive number of seconds\n${USAGE}`);

const mfaOption = values.mfa ?? values['portal-mfa'];
if (mfaOption !== undefined && mfaOption !== 'totp') fail(`--mfa: the one second factor is totp, got ${JSON.stringify(mfaOption)}\n${USAGE}`);
const mfa: PortalMfa | undefined = mfaOption;

const idp = values['portal-idp'];
if (idp !== undefined && idp !== 'oidc' && idp !== 'saml') fail(`--portal-idp must be oidc or saml\n${USAGE}`);

const portal = await startPortal({
  ...(idp ? { idp } : {}),
  defects,
  idleTimeoutSeconds,
  ...(mfa ? { mfa } : {}),
  log: (line) => {
    if (values.verbose || !line.startsWith('oidc-provider ')) process.stdout.write(`  · ${line}\n`);
  },
});

const users = portal.users.map((u) => `    ${u.username.padEnd(8)} ${u.password.padEnd(26)} ${u.name} (${u.personnummer})`).join('\n');
// As with the passwords, printing the fake users' secrets is the point: paste these lines into the shell that
// runs the audit (or an authenticator app), so its target finds each secret in the variable it names.
const secrets = portal.mfa
  ? `  second factor: one-time codes (TOTP); in the shell that runs the audit:\n${Object.values(portal.mfa.secretEnvByUser)
      .map((name) => `    export ${name}=${process.env[name] ?? ''}`)
      .join('\n')}\n`
  : '';
const active = defects.length ? defects.map((id) => `    ${id}: ${defectById(id).title}`).join('\n') : '    none: the portal logs users out correctly';
process.stdout.write(`
Vårdportalen, the reference portal, is running
  portal:        ${portal.portalUrl}/   (Mina sidor: ${portal.portalUrl}/mina-sidor)
  identity prov: ${portal.saml ? `${portal.saml.idpEntityId}   (SAML IdP; SSO ${portal.saml.ssoUrl})` : `${portal.idpUrl}   (issuer; client_id ${portal.clientId})`}
  idle timeout:  ${portal.idleTimeoutSeconds} s
  test users (fake people, demo passwords):
${users}
${secrets}  defects:
${active}
Ctrl-C stops it.

`);

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await portal.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
