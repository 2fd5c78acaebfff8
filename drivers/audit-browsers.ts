import type { DriverSpec } from './driver';
import { InputError } from '../errors/audit-error';

// The browsers an audit can name (`--browsers`, AUDIT_BROWSERS), each one Playwright Test project, and which
// backend drives it. One table for the config and the CLI, so a name means the same everywhere.

export interface AuditBrowser {
  /** The CLI name, and the project name after `audit:`. */
  id: string;
  backend: DriverSpec['backend'];
  browser: DriverSpec['browser'];
  /** One line for --help and the report. */
  description: string;
  /** Exists only on a grid node (a Windows machine): needs --grid. */
  gridOnly?: true;
  /** The W3C browserName a grid node's slot must offer to run it (selenium backend). */
  gridBrowserName?: string;
}

/**
 * WebKit is Debian's WebKitGTK through WebKitWebDriver (webkit2gtk-driver), what this machine kind has.
 * Playwright's own WebKit build is not used even where installed: no driver for it is built yet, because it
 * cannot be installed (downloaded) here, and code that never ran is not shipped as a browser under audit.
 */
function webkitBrowser(): AuditBrowser {
  return {
    id: 'webkit',
    backend: 'selenium',
    browser: 'webkitgtk',
    description: 'WebKitGTK MiniBrowser through WebKitWebDriver (in-session scenarios: its automation sessions keep no profile)',
  };
}

export function auditBrowsers(): AuditBrowser[] {
  return [
    { id: 'chromium', backend: 'playwright', browser: 'chromium', description: "Chromium through Playwright (Playwright's own build, else Debian's)" },
    { id: 'firefox', backend: 'playwright', browser: 'firefox', description: "Firefox ESR through Playwright over WebDriver BiDi" },
    webkitBrowser(),
    { id: 'selenium-chromium', backend: 'selenium', browser: 'chromium', gridBrowserName: 'chrome', description: 'Chromium through Selenium WebDriver (chromedriver, or a grid with --grid)' },
    {
      id: 'internet-explorer',
      backend: 'selenium',
      browser: 'internet-explorer',
      gridOnly: true,
      gridBrowserName: 'internet explorer',
      description: 'a real Internet Explorer 11 on a Windows grid node (--grid; docs/windows-grid.md)',
    },
    {
      id: 'edge-ie-mode',
      backend: 'selenium',
      browser: 'edge-ie-mode',
      gridOnly: true,
      // IEDriverServer drives Edge's IE mode: the node's slot is an "internet explorer" one (docs/windows-grid.md §4).
      gridBrowserName: 'internet explorer',
      description: 'a real Microsoft Edge in IE mode on a Windows grid node (--grid; docs/windows-grid.md)',
    },
  ];
}

export function auditBrowserById(id: string): AuditBrowser {
  const all = auditBrowsers();
  const found = all.find((b) => b.id === id);
  if (!found) throw new InputError(`unknown browser "${id}": use one of ${all.map((b) => b.id).join(', ')}`);
  return found;
}

/** The setup.sh flags that install what these browsers need beyond Chromium (which setup always ensures). */
export function setupFlagsFor(browsers: AuditBrowser[]): string[] {
  const flags = new Set<string>();
  for (const b of browsers) {
    if (b.browser === 'firefox') flags.add('--with-firefox');
    if (b.browser === 'webkitgtk') flags.add('--with-webkit');
  }
  return [...flags];
}
