#!/usr/bin/env bash
# Installs what logout-audit needs, only what is missing: npm packages (when package-lock.json changed)
# and a Chromium (Playwright's own if installed, else Debian's `chromium` via apt when running as root).
# Browser downloads by test tools are never attempted: they fail on machines without internet.
# Usage: scripts/setup.sh [--no-browsers | --with-firefox]
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

apt_install() {
  echo "setup: installing Debian packages: $*" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "$@" >&2
}
can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }

chromium_found() {
  [ -n "${AUDIT_CHROMIUM_PATH:-}" ] && [ -x "$AUDIT_CHROMIUM_PATH" ] && return 0
  local own
  own=$(node -e "import('playwright-core').then(m => console.log(m.chromium.executablePath()))" 2>/dev/null || true)
  [ -n "$own" ] && [ -x "$own" ] && return 0
  for p in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome-stable; do [ -x "$p" ] && return 0; done
  return 1
}

if ! chromium_found; then
  if can_apt; then
    apt_install chromium chromium-driver
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

# chromedriver drives Chromium for the Selenium backend (local runs and the loopback grid).
if [ -z "${AUDIT_CHROMEDRIVER_PATH:-}" ] && ! command -v chromedriver >/dev/null; then
  if can_apt; then
    apt_install chromium-driver
  else
    echo "setup: no chromedriver; the Selenium backend needs it: sudo apt-get install -y chromium-driver" >&2
  fi
fi

# Firefox (the self-test's Firefox driver checks; --browsers firefox): Debian's firefox-esr.
if [ "${1:-}" = "--with-firefox" ] && [ -z "${AUDIT_FIREFOX_PATH:-}" ] && ! command -v firefox-esr >/dev/null && ! command -v firefox >/dev/null; then
  if can_apt; then
    apt_install firefox-esr
  else
    echo "setup: no Firefox found; install it with: sudo apt-get install -y firefox-esr (the Firefox checks are skipped)" >&2
  fi
fi
