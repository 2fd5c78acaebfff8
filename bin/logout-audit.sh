#!/usr/bin/env bash
# logout-audit: the command package.json's "bin" names. It runs the TypeScript CLI (cli/logout-audit.ts) with
# tsx from this package's own directory, whatever the caller's working directory, also when called through
# the symlink `npm link` or `npx` puts on PATH (hence readlink -f). The caller's working directory is kept:
# relative paths given to --out, --target or verify are the caller's.
set -euo pipefail
self=$(readlink -f -- "${BASH_SOURCE[0]}")
root=$(cd -- "$(dirname -- "$self")/.." && pwd)
loader="$root/node_modules/tsx/dist/loader.mjs"
# A fresh checkout (`npm link` installs nothing): its npm packages first, as every npm script does; on stderr,
# so stdout stays the command's own (--version, --list).
if [[ ! -f "$loader" ]]; then
  echo "logout-audit: first use of $root: installing its npm packages (scripts/setup.sh --no-browsers)" >&2
  if ! bash "$root/scripts/setup.sh" --no-browsers || [[ ! -f "$loader" ]]; then
    echo "logout-audit: tsx is not installed in $root: run 'bash scripts/setup.sh --no-browsers' (or 'npm ci') there first" >&2
    exit 2
  fi
fi
# One process (tsx as a loader, not tsx's own CLI, which would start a second one): Ctrl-C and CI's SIGTERM
# reach the command itself, and its exit code is the command's.
exec node --import "$loader" "$root/cli/logout-audit.ts" "$@"
