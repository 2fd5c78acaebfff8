#!/usr/bin/env bash
# Installs what logout-audit needs, only what is missing: npm packages (when package-lock.json changed)
# and a Chromium (Playwright's own if installed, else Debian's `chromium` via apt when running as root).
# Browser downloads by test tools are never attempted: they fail on machines without internet.
# Usage: scripts/setup.sh [--no-browsers]
set -euo pipefail
cd "$(dirname "$0")/.."

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 SE_OFFLINE=true

lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.logout-audit-installed
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  echo "setup: installing npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$lock_hash" > "$stamp"
fi

[ "${1:-}" = "--no-browsers" ] && exit 0

chromium_found() {
  [ -n "${AUDIT_CHROMIUM_PATH:-}" ] && [ -x "$AUDIT_CHROMIUM_PATH" ] && return 0
  local own
  own=$(node -e "import('playwright-core').then(m => console.log(m.chromium.executablePath()))" 2>/dev/null || true)
  [ -n "$own" ] && [ -x "$own" ] && return 0
  for p in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome-stable; do [ -x "$p" ] && return 0; done
  return 1
}

if ! chromium_found; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: no Chromium found; installing Debian's chromium and chromium-driver with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends chromium chromium-driver >&2
  else
    cat >&2 <<'MSG'
setup: no Chromium found, and this user cannot install one.
  Debian/Ubuntu: sudo apt-get install -y chromium chromium-driver
  or, where downloads work: npx playwright install chromium
  or point AUDIT_CHROMIUM_PATH at a Chromium/Chrome binary.
MSG
    exit 2
  fi
fi
