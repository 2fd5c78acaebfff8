import type { AuditDriver, DriverSpec } from './driver';
import { PlaywrightChromiumDriver } from './playwright-chromium';

export type { AuditDriver, DriverSpec } from './driver';

/** One place that turns a spec into a driver, so suites and the CLI never name an implementation. */
export function createDriver(spec: DriverSpec): AuditDriver {
  switch (spec.backend) {
    case 'playwright':
      return new PlaywrightChromiumDriver(spec);
  }
}
