import { fileURLToPath } from 'node:url';

// How tests and benchmarks start one of this package's TypeScript entry points as a child: one node process
// with tsx as its loader, as bin/logout-audit.sh does. Not tsx's own CLI: that starts a second process and,
// when a signal reaches only the first, gives the second 30 ms to acknowledge it before SIGKILL (seen on a busy
// machine: an audit given SIGINT was killed before it could write its interrupted summary or end Playwright).

const loader = fileURLToPath(new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url));

/** Arguments for `spawn(process.execPath, tsEntry(script, ...args))`; `script` absolute or from the cwd. */
export function tsEntry(script: string, ...args: string[]): string[] {
  return ['--import', loader, script, ...args];
}
