import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isExecutable } from '../browsers';
import type { BrowserExecutables } from '../driver';
import { DriverError } from '../driver-error';

// Where Debian and Ubuntu put WebKitGTK's WebDriver and its test browser. MiniBrowser is not on PATH: it lives
// in the library's own dir, whose name carries the multiarch triplet and the API version (4.1 for GTK3 with
// libsoup3, 4.0 for libsoup2, 6.0 for GTK4), so every candidate is looked for, never one hard-coded path.

const WEBDRIVER_PATHS = ['/usr/bin/WebKitWebDriver', '/usr/local/bin/WebKitWebDriver'];
const INSTALL_HINT = 'apt-get install -y webkit2gtk-driver xvfb';

/** WebKitWebDriver from `executables.webkitWebDriver` (AUDIT_WEBKITWEBDRIVER_PATH) or the distribution's webkit2gtk-driver package. */
export function findWebKitWebDriver(executables: BrowserExecutables = {}): string {
  const override = executables.webkitWebDriver;
  if (override) {
    if (isExecutable(override)) return override;
    throw new DriverError('DRIVER_NOT_FOUND', `AUDIT_WEBKITWEBDRIVER_PATH=${override} is not an executable file: fix the path or unset it`);
  }
  const found = WEBDRIVER_PATHS.find(isExecutable);
  if (found) return found;
  throw new DriverError(
    'DRIVER_NOT_FOUND',
    `no WebKitWebDriver found in ${WEBDRIVER_PATHS.join(', ')}: ${INSTALL_HINT} (or set AUDIT_WEBKITWEBDRIVER_PATH)`,
  );
}

/** Every MiniBrowser under /usr/lib/<triplet>/webkit2gtk-4.x/ and /usr/lib/webkit2gtk-4.x/, preferring 4.1. */
export function miniBrowserCandidates(libRoots: string[] = ['/usr/lib', '/usr/lib64']): string[] {
  const dirs: string[] = [];
  for (const root of libRoots) {
    for (const entry of list(root)) {
      if (/^webkit2?gtk-/.test(entry)) dirs.push(join(root, entry));
      // multiarch triplets: x86_64-linux-gnu, aarch64-linux-gnu, ...
      else if (entry.includes('-linux-')) dirs.push(...list(join(root, entry)).filter((e) => /^webkit2?gtk-/.test(e)).map((e) => join(root, entry, e)));
    }
  }
  const rank = (dir: string) => (dir.endsWith('-4.1') ? 0 : dir.endsWith('-4.0') ? 1 : 2);
  return dirs.sort((a, b) => rank(a) - rank(b)).map((dir) => join(dir, 'MiniBrowser'));
}

/** MiniBrowser from `executables.webkitBrowser` (AUDIT_WEBKIT_BROWSER_PATH) or the WebKitGTK library's dir. */
export function findMiniBrowser(executables: BrowserExecutables = {}): string {
  const override = executables.webkitBrowser;
  if (override) {
    if (isExecutable(override)) return override;
    throw new DriverError('DRIVER_NOT_FOUND', `AUDIT_WEBKIT_BROWSER_PATH=${override} is not an executable file: fix the path or unset it`);
  }
  const found = miniBrowserCandidates().find(isExecutable);
  if (found) return found;
  throw new DriverError(
    'DRIVER_NOT_FOUND',
    `no WebKitGTK MiniBrowser found under /usr/lib/*/webkit2gtk-4.*/: ${INSTALL_HINT} (it pulls in libwebkit2gtk-4.1-0, which ships MiniBrowser), or set AUDIT_WEBKIT_BROWSER_PATH`,
  );
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
