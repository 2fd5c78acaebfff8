import { windowsIeRecord } from './windows-ie';

/** A real Internet Explorer 11 through IEDriverServer on a Windows grid node (docs/windows-grid.md). */
export const internetExplorerBrowser = windowsIeRecord({
  id: 'internet-explorer',
  browser: 'internet-explorer',
  description: 'a real Internet Explorer 11 on a Windows grid node (--grid; docs/windows-grid.md)',
  realEngine: 'a real Internet Explorer 11 on a Windows grid node',
});
