#!/usr/bin/env bash
# Installs what logout-audit needs, only what is missing: npm packages (when package-lock.json changed)
# and a Chromium (Playwright's own if installed, else Debian's `chromium` via apt when running as root).
# Browser downloads by test tools are never attempted: they fail on machines without internet.
# Usage: scripts/setup.sh [--no-browsers] [--with-firefox] [--with-webkit] [--with-real-apps]   (flags combine)
# --with-real-apps: the pinned open-source applications the real-apps suite audits: npm ones (suites/real-apps/apps),
# from the npm registry like the rest, into their own node_modules so the product's own stay small.
# and, as root, Debian 12's dokuwiki, phpmyadmin and mariadb-server (apt, pinned by the release; services never started).
set -euo pipefail
cd "$(dirname "$0")/.."

no_browsers=0 with_firefox=0 with_webkit=0 with_real_apps=0
for flag in "$@"; do
  case "$flag" in
    --no-browsers) no_browsers=1 ;;
    --with-firefox) with_firefox=1 ;;
    --with-webkit) with_webkit=1 ;;
    --with-real-apps) with_real_apps=1 ;;
    *) echo "setup: unknown flag $flag (use --no-browsers, --with-firefox, --with-webkit, --with-real-apps)" >&2; exit 2 ;;
  esac
done

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 SE_OFFLINE=true

lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.logout-audit-installed
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  echo "setup: installing npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$lock_hash" > "$stamp"
fi

# The real applications: installed without their install scripts (nothing is compiled; Node-RED falls back to
# bcryptjs), only when their lock file changed.
if [ "$with_real_apps" = 1 ]; then
  apps=suites/real-apps/apps
  apps_hash=$(sha256sum "$apps/package-lock.json" | cut -d' ' -f1)
  apps_stamp=$apps/node_modules/.logout-audit-installed
  if [ ! -f "$apps_stamp" ] || [ "$(cat "$apps_stamp")" != "$apps_hash" ]; then
    echo "setup: installing the real applications (npm ci in $apps)" >&2
    npm ci --prefix "$apps" --ignore-scripts --no-audit --no-fund --loglevel=error >&2
    echo "$apps_hash" > "$apps_stamp"
  fi
fi

[ "$no_browsers" = 1 ] && exit 0

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
if [ "$with_firefox" = 1 ] && [ -z "${AUDIT_FIREFOX_PATH:-}" ] && ! command -v firefox-esr >/dev/null && ! command -v firefox >/dev/null; then
  if can_apt; then
    apt_install firefox-esr
  else
    echo "setup: no Firefox found; install it with: sudo apt-get install -y firefox-esr (the Firefox checks are skipped)" >&2
  fi
fi

# WebKit (--browsers webkit where Playwright's own WebKit is absent): Debian's WebKitGTK MiniBrowser through
# WebKitWebDriver (webkit2gtk-driver pulls in libwebkit2gtk-4.1, which ships MiniBrowser), and Xvfb for machines
# without a display.
webkit_missing=()
if [ "$with_webkit" = 1 ]; then
  [ -z "${AUDIT_WEBKITWEBDRIVER_PATH:-}" ] && ! command -v WebKitWebDriver >/dev/null && webkit_missing+=(webkit2gtk-driver)
  [ -z "${DISPLAY:-}" ] && ! command -v Xvfb >/dev/null && webkit_missing+=(xvfb)
fi
if [ "${#webkit_missing[@]}" -gt 0 ]; then
  if can_apt; then
    apt_install "${webkit_missing[@]}"
  else
    echo "setup: WebKit needs: sudo apt-get install -y ${webkit_missing[*]} (the WebKit checks are skipped)" >&2
  fi
fi

# The real-apps suite's Debian applications (DokuWiki, phpMyAdmin and the MariaDB it logs in to). The tests run
# their own instances from temp dirs on loopback; the packages' own services must not start at install, so for
# the time of the install a policy-rc.d refuses every start (where the machine has none already), and
# phpMyAdmin is told to set up no database and no web server of its own.
debian_apps_missing=()
if [ "$with_real_apps" = 1 ]; then
  [ -x /usr/bin/php ] || debian_apps_missing+=(php-cli)
  [ -f /usr/share/dokuwiki/doku.php ] || debian_apps_missing+=(dokuwiki)
  [ -f /usr/share/phpmyadmin/index.php ] || debian_apps_missing+=(phpmyadmin)
  [ -x /usr/sbin/mariadbd ] || debian_apps_missing+=(mariadb-server)
fi
if [ "${#debian_apps_missing[@]}" -gt 0 ]; then
  if can_apt; then
    printf '%s\n' 'phpmyadmin phpmyadmin/dbconfig-install boolean false' 'phpmyadmin phpmyadmin/reconfigure-webserver multiselect' | debconf-set-selections
    own_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\n# logout-audit setup: no service starts while the real-apps packages install\nexit 101\n' > /usr/sbin/policy-rc.d
      chmod 755 /usr/sbin/policy-rc.d
      own_policy=1
      trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    apt_install "${debian_apps_missing[@]}"
    if [ "$own_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; trap - EXIT; fi
  else
    echo "setup: the real-apps suite's Debian applications need: sudo apt-get install -y --no-install-recommends ${debian_apps_missing[*]} (their tests fail until they are)" >&2
  fi
fi
