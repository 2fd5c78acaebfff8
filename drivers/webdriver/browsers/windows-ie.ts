import type { BrowserRecord } from '../../browser-record';
import type { SeleniumDriverSpec } from '../../driver';
import { ieRunNotPossible, IeDriver, requireWindowsGrid } from '../ie-driver';
import { seleniumCapabilities, seleniumDeployment } from '../selenium-deployment';

/** What IE11 and Edge in IE mode have in common: IEDriverServer on a Windows grid node (docs/windows-grid.md). */
export function windowsIeRecord(own: Pick<BrowserRecord<SeleniumDriverSpec>, 'id' | 'browser' | 'description' | 'realEngine'>): BrowserRecord<SeleniumDriverSpec> {
  return {
    ...own,
    backend: 'selenium',
    gridOnly: true,
    // IEDriverServer drives Edge's IE mode too: the node's slot is an "internet explorer" one (docs/windows-grid.md §4).
    gridBrowserName: 'internet explorer',
    timeoutFactor: 2,
    preflight: ({ gridUrl }) => requireWindowsGrid(own.id, gridUrl),
    capabilities: (spec) => seleniumCapabilities(spec.browser, seleniumDeployment(spec)),
    impossibleRun: ieRunNotPossible,
    create: (spec, options) => new IeDriver(spec, options),
  };
}
