// logout-audit init <url>: writes a first target file by looking at the portal in a real Chromium (cli/init/).
// Exit 0 when every field was found, 2 when some were not (the file is still written, with TODO lines, and each
// missing field is named with why) or on bad input.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { discoverTarget, InitError } from './init/discover';
import { renderTarget } from './init/write-target';
import { settingsOrExit } from './settings-or-exit';

const USAGE = `usage: logout-audit init <url> --user-env NAME --password-env NAME [options]
  Opens <url> in Chromium, finds the login form (also behind a "log in" button or on an identity provider),
  logs in once with the credentials in the two environment variables, finds the protected page, a signal only
  the logged-in user's page shows, the login-required signal and the logout control, logs out and checks it,
  and writes a target file with a comment on each field saying how it was found.
  --user-env NAME       environment variable holding the test user's username (its value is never written);
                        give --user-env and --password-env twice for a second user (users[1], for
                        shared-computer and logout-everywhere; init logs in with the first only)
  --password-env NAME   environment variable holding the password (its value is never written)
  --protected PATH      the page to audit, e.g. /mina-sidor (default: where the login lands)
  --write FILE          where to write the target (default: targets/<host>.ts); an existing file needs --force
  --name NAME           the target's name (default: the host)
  --force               overwrite --write FILE
  Then: logout-audit check --target FILE, and logout-audit audit --target FILE.
  Exit: 0 every field found, 2 some field not found (each named, with why; the file has TODO lines) or bad input.`;

function fail(message: string): never {
  console.error(`init: ${message}`);
  process.exit(2);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      'user-env': { type: 'string', multiple: true },
      'password-env': { type: 'string', multiple: true },
      protected: { type: 'string' },
      write: { type: 'string' },
      name: { type: 'string' },
      force: { type: 'boolean', default: false },
      debug: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
try {
  args = parse();
} catch (error) {
  fail(`${(error as Error).message} (logout-audit init --help)`);
}
if (args.values.help) {
  console.log(USAGE);
  process.exit(0);
}
const [url, ...extra] = args.positionals;
if (!url || extra.length > 0) fail(`give one URL, e.g. logout-audit init https://portal.example.se --user-env PORTAL_USER --password-env PORTAL_PASSWORD`);
let start: URL;
try {
  start = new URL(url);
  if (!/^https?:$/.test(start.protocol)) throw new Error('not http(s)');
} catch {
  fail(`${url} is not an absolute http(s) URL, e.g. https://portal.example.se`);
}
const envName = /^[A-Z_][A-Z0-9_]*$/;
const userEnvs = args.values['user-env'] ?? [];
const passwordEnvs = args.values['password-env'] ?? [];
const [userEnv, secondUserEnv] = userEnvs;
const [passwordEnv, secondPasswordEnv] = passwordEnvs;
if (!userEnv || !passwordEnv) fail('name the variables holding the test user\'s credentials: --user-env PORTAL_USER --password-env PORTAL_PASSWORD (init logs in once with them; their values are never written)');
if (userEnvs.length !== passwordEnvs.length || userEnvs.length > 2) {
  fail(`give --user-env and --password-env once per user, for one or two users (got ${userEnvs.length} --user-env and ${passwordEnvs.length} --password-env)`);
}
const envNames = [...userEnvs, ...passwordEnvs];
for (const name of envNames) if (!envName.test(name)) fail(`${name} is not an environment variable name, e.g. PORTAL_USER`);
const missingEnv = envNames.filter((n) => !process.env[n]);
if (missingEnv.length > 0) fail(`set ${missingEnv.join(' and ')} in the environment: init logs in once with the test user's credentials`);
const protectedPath = args.values.protected;
if (protectedPath !== undefined && !protectedPath.startsWith('/')) fail(`--protected ${protectedPath}: a path starting with "/", e.g. /mina-sidor`);
const file = resolve(args.values.write ?? join('targets', `${start.hostname.replace(/[^\w.-]/g, '_')}.ts`));
if (existsSync(file) && !args.values.force) fail(`${file} exists: pass --force to overwrite it, or --write another file`);

const settings = settingsOrExit('init');
let found: Awaited<ReturnType<typeof discoverTarget>>;
try {
  found = await discoverTarget({
    url: start.toString(),
    ...(protectedPath ? { protectedPath } : {}),
    usernameEnv: userEnv,
    passwordEnv,
    ...(secondUserEnv && secondPasswordEnv ? { secondUser: { usernameEnv: secondUserEnv, passwordEnv: secondPasswordEnv } } : {}),
    username: process.env[userEnv] ?? '',
    password: process.env[passwordEnv] ?? '',
    executables: settings.executables,
  });
} catch (error) {
  if (error instanceof InitError || (error as { code?: string }).code === 'BROWSER_NOT_FOUND') fail((error as Error).message);
  // A page that did something init did not expect (a field that would not take the text, a click that never
  // landed): one line, the credentials masked, and what to do; the stack only with --debug.
  const secrets = envNames.map((n) => process.env[n]).filter((v): v is string => Boolean(v));
  const mask = (text: string) => secrets.reduce((t, v) => t.split(v).join('••••••'), text);
  if (process.argv.includes('--debug')) console.error(mask((error as Error).stack ?? String(error)));
  fail(`${mask((error as Error).message.split('\n')[0] ?? '')}: the portal did not behave as init expected; pass --protected PATH, or write the field by hand (docs/writing-a-target.md)`);
}
if (args.values.name) found.name = args.values.name;
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, renderTarget(found, `logout-audit init ${start.toString()}`));
const shown = relative(process.cwd(), file) || file;
console.log(`init: wrote ${shown}`);
if (found.traces) console.log(`init: the login lives in ${found.traces}`);
if (found.logoutCheck) console.log(`init: ${found.logoutCheck}`);
if (found.missing.length > 0) {
  console.error(`init: ${found.missing.length} field(s) not found (TODO lines in ${shown}):`);
  for (const m of found.missing) console.error(`  ${m.field}: ${m.why}`);
  process.exit(2);
}
console.log(`init: every field found; next: logout-audit check --target ${shown}`);
