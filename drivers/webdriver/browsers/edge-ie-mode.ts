import { windowsIeRecord } from './windows-ie';

/** A real Microsoft Edge in IE mode through IEDriverServer on a Windows grid node (docs/windows-grid.md). */
export const edgeIeModeBrowser = windowsIeRecord({
  id: 'edge-ie-mode',
  browser: 'edge-ie-mode',
  description: 'a real Microsoft Edge in IE mode on a Windows grid node (--grid; docs/windows-grid.md)',
  realEngine: 'a real Edge in IE mode on a Windows grid node',
});
