/**
 * Runs the reference portal by hand:
 *
 *   tsx portal/cli.ts [--defects id,id] [--idle-timeout seconds] [--verbose]
 *
 * Prints the URLs, the test users with their passwords (fake people on a local demo portal: printing them is
 * the point) and the active defects, then serves until Ctrl-C or SIGTERM.
 */
import { parseArgs } from 'node:util';
import { defectById, defectIds, parseDefects, type DefectId } from './defects';
import { DEFAULT_IDLE_TIMEOUT_SECONDS, startPortal } from './start';

const USAGE = `usage: logout-audit portal [--defects <id>[,<id>...]] [--idle-timeout <seconds>] [--verbose]

  --defects       defects to switch on (repeatable); valid ids: ${defectIds.join(', ')}
  --idle-timeout  seconds without activity before a session ends (default ${DEFAULT_IDLE_TIMEOUT_SECONDS})
  --verbose       also print oidc-provider's own notices`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

let values: { defects?: string[]; 'idle-timeout'?: string; verbose?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      defects: { type: 'string', multiple: true },
      'idle-timeout': { type: 'string' },
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

const portal = await startPortal({
  defects,
  idleTimeoutSeconds,
  log: (line) => {
    if (values.verbose || !line.startsWith('oidc-provider ')) process.stdout.write(`  · ${line}\n`);
  },
});

const users = portal.users.map((u) => `    ${u.username.padEnd(8)} ${u.password.padEnd(26)} ${u.name} (${u.personnummer})`).join('\n');
const active = defects.length ? defects.map((id) => `    ${id}: ${defectById(id).title}`).join('\n') : '    none: the portal logs users out correctly';
process.stdout.write(`
Vårdportalen, the reference portal, is running
  portal:        ${portal.portalUrl}/   (Mina sidor: ${portal.portalUrl}/mina-sidor)
  identity prov: ${portal.idpUrl}   (issuer; client_id ${portal.clientId})
  idle timeout:  ${portal.idleTimeoutSeconds} s
  test users (fake people, demo passwords):
${users}
  defects:
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
