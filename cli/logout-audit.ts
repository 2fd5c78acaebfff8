// logout-audit <command> [options]: the one command (bin/logout-audit.sh starts it with tsx). Each command is
// its own CLI module, loaded into this process rather than started as a child: signals (Ctrl-C, CI's SIGTERM)
// reach the command's own handlers exactly once, and the exit code is the command's own.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface Command {
  /** The module, from the package root. */
  script: string;
  summary: string;
  /** Usage for a command whose module has no --help of its own. */
  help?: string;
}

const commands: Record<string, Command> = {
  audit: { script: 'cli/audit.ts', summary: 'audit a portal in real browsers (default: the embedded reference portal)' },
  verify: {
    script: 'cli/verify.ts',
    summary: "check an output folder's evidence against its manifest",
    help: `usage: logout-audit verify [OUT_DIR]
  Checks every file of OUT_DIR (default: out) against its evidence-manifest.json (SHA-256 of each file).
  AUDIT_SIGNING_KEY   the run's key: the manifest's signature must then be present and valid
  Exit: 0 intact, 1 altered, missing or extra files or a bad signature, 2 no manifest in OUT_DIR.`,
  },
  report: { script: 'cli/report.ts', summary: 'rebuild the HTML report (and manifest) of an output folder, or merge several (shards) into one' },
  portal: { script: 'portal/cli.ts', summary: 'start the reference portal alone, to try its defects by hand' },
  grid: {
    script: 'grid/start-grid.ts',
    summary: 'start a Selenium Grid 4 on loopback for the selenium-chromium driver',
    help: `usage: logout-audit grid [--nodes N] [--port N]
  --nodes N   a hub and N Chromium nodes, each its own JVM (default: 1, one standalone server)
  --port N    the grid's port (default: 4444); then: logout-audit audit --grid http://127.0.0.1:4444
  Needs Java 17; serves until Ctrl-C.`,
  },
  init: { script: 'cli/init.ts', summary: 'write a first target file for a portal by looking at it: login, protected page, signals, logout' },
  check: { script: 'cli/check.ts', summary: "prove a target file's signals and selectors with one live round (login, protected page, logout, revisit)" },
};

const root = new URL('..', import.meta.url);

function version(): string {
  return (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string }).version;
}

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return `usage: logout-audit <command> [options]

${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
  .join('\n')}

  logout-audit <command> --help   the command's options
  logout-audit --version          this harness's version`;
}

const [name, ...rest] = process.argv.slice(2);
if (name === undefined) {
  console.error(`logout-audit: no command given\n${usage()}`);
  process.exit(2);
}
if (name === '--help' || name === '-h' || name === 'help') {
  console.log(usage());
  process.exit(0);
}
if (name === '--version' || name === '-v') {
  console.log(version());
  process.exit(0);
}
const command = commands[name];
if (!command) {
  console.error(`logout-audit: unknown command "${name}": use one of ${Object.keys(commands).join(', ')} (logout-audit --help)`);
  process.exit(2);
}
if (command.help && (rest[0] === '--help' || rest[0] === '-h')) {
  console.log(command.help);
  process.exit(0);
}
// The module reads its options from process.argv as if started by itself (grid/start-grid.ts also checks
// that argv[1] is its own path before it runs).
const script = fileURLToPath(new URL(command.script, root));
process.argv = [process.argv[0]!, script, ...rest];
await import(pathToFileURL(script).href);
