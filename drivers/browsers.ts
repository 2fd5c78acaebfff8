import { accessSync, constants } from 'node:fs';
import { chromium } from 'playwright-core';
import { AuditError } from '../errors/audit-error';
import type { BrowserExecutables } from './driver';

// Where a Chromium can come from, best first. Playwright's own build is preferred where it was installed
// (`npx playwright install chromium` on machines that can download it); Debian's package otherwise.
// Never assume one path: machines differ, and the error must say how to get a browser.
const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable'];

export class BrowserNotFoundError extends AuditError {
  readonly code = 'BROWSER_NOT_FOUND';
}

/** The file exists and this user may run it. */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface BrowserExecutable {
  path: string;
  source: 'AUDIT_CHROMIUM_PATH' | 'playwright' | 'system';
}

/** The Chromium to drive: `executables.chromium` (AUDIT_CHROMIUM_PATH) when given, else Playwright's own, else the system's. */
export function findChromium(executables: BrowserExecutables = {}): BrowserExecutable {
  const override = executables.chromium;
  if (override) {
    if (isExecutable(override)) return { path: override, source: 'AUDIT_CHROMIUM_PATH' };
    throw new BrowserNotFoundError(`AUDIT_CHROMIUM_PATH=${override} is not an executable file: fix the path or unset it`);
  }
  const playwrightOwn = chromium.executablePath();
  if (playwrightOwn && isExecutable(playwrightOwn)) return { path: playwrightOwn, source: 'playwright' };
  const system = SYSTEM_CHROMIUM_PATHS.find(isExecutable);
  if (system) return { path: system, source: 'system' };
  throw new BrowserNotFoundError(
    'no Chromium found. Install one: on Debian/Ubuntu as root `apt-get install -y chromium chromium-driver` ' +
      '(or run `npm run setup`, which does that), or `npx playwright install chromium` where downloads work, ' +
      `or point AUDIT_CHROMIUM_PATH at a Chromium/Chrome binary. Looked in: ${[playwrightOwn, ...SYSTEM_CHROMIUM_PATHS].join(', ')}`,
  );
}

// Flags this machine kind needs (see README): as root Chromium refuses to start without --no-sandbox, and
// without the networking flags it keeps dialling Google's hosts through a closed network.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
