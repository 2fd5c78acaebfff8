import { Browser, Builder, type Capabilities, type WebDriver } from 'selenium-webdriver';
import chrome from 'selenium-webdriver/chrome.js';
import ie from 'selenium-webdriver/ie.js';
import type { Redactor } from '../../evidence/redact';
import type { SeleniumDriverSpec } from '../driver';
import { DriverError } from '../driver-error';
import type { HookSubject } from '../profile/ending';
import { atMost } from '../wait';
import { findGridNode, findGridNodeWithName, NODE_CAPABILITY, type GridNode } from './grid-node';
import type { SessionPlaceFacts } from './selenium-capabilities';
import { firstLine } from './webdriver-page';

// Sessions on a Selenium Grid 4 node, for every browser a grid offers (Chromium, IE11, Edge in IE mode). The
// profile is on the disk of the node that ran the first session, so every later session must start there.

/** How long the old session may take to answer after a hook; a rebooting node often never answers at all. */
const OLD_SESSION_PROBE_MS = 10_000;

export class GridSessions {
  readonly hint: string;
  /** The grid node that holds the profile: undefined before the first session, null when the grid did not say. */
  private profileNode: GridNode | null | undefined;

  constructor(
    private readonly gridUrl: string,
    private readonly browser: SeleniumDriverSpec['browser'],
    /** On a loopback grid every node sees this machine's profile dir: no node to keep to. */
    private readonly profileIsHere: boolean,
    /** The run's: the old session's URL after a hook goes into the restart report, i.e. into evidence. */
    private readonly redactor: Pick<Redactor, 'text'>,
  ) {
    this.hint = `is the grid at ${gridUrl} up, with a free ${browser} slot? (npx tsx grid/start-grid.ts)`;
  }

  async start(optionsFor: (at: SessionPlaceFacts) => Capabilities): Promise<WebDriver> {
    // The node's stereotype names the binary (grid/start-grid.ts, docs/windows-grid.md): no binary here.
    const name = this.profileNode?.name;
    const options = optionsFor(name && !this.profileIsHere ? { node: name } : {});
    const builder = new Builder().usingServer(this.gridUrl);
    if (this.browser === 'chromium') return builder.forBrowser(Browser.CHROME).setChromeOptions(options as chrome.Options).build();
    return builder.forBrowser(Browser.INTERNET_EXPLORER).setIeOptions(options as ie.Options).build();
  }

  /**
   * A later session elsewhere than the profile's node would start on an empty profile, and a persistence
   * scenario would pass for the wrong reason: so a relaunch asks for that node by name (NODE_CAPABILITY in the
   * node's stereotype, see start), and where nodes have no names it is checked here and refused.
   */
  async started(session: WebDriver): Promise<void> {
    const here = (await findGridNodeWithName(this.gridUrl, (await session.getSession()).getId())) ?? null;
    if (this.profileNode === undefined) {
      this.profileNode = here;
      return;
    }
    if (this.profileIsHere) return;
    const wanted = this.profileNode;
    const same = wanted?.name ? here?.name === wanted.name : wanted !== null && here?.uri === wanted.uri;
    if (same) return;
    const name = (node: GridNode | null) => (node ? (node.name ?? node.uri) : 'a node the grid did not name');
    throw new DriverError(
      'SESSION_NOT_CREATED',
      `the browser started again on grid node ${name(here)}, not on ${name(wanted)} that holds its profile: give every node a ` +
        `"${NODE_CAPABILITY}" name in its stereotype (docs/windows-grid.md §4) so a relaunch can ask for its node`,
    );
  }

  /** Nothing of the grid's runs on this machine for a session. */
  async stop(): Promise<void> {}

  /** The grid node running `session`, with its name (evidence and tests). */
  async nodeOf(session: WebDriver): Promise<GridNode | undefined> {
    return findGridNodeWithName(this.gridUrl, (await session.getSession()).getId());
  }

  /** What the operator's reboot hook is told, for the session `current()` gives at the time of the reboot. */
  hookSubject(nodeProfileDir: string, current: () => WebDriver | undefined): HookSubject {
    return {
      gridUrl: this.gridUrl,
      browser: this.browser,
      nodeProfileDir,
      where: async () => {
        const session = current();
        const sessionId = session ? (await session.getSession()).getId() : '';
        const nodeUri = sessionId ? await findGridNode(this.gridUrl, sessionId) : undefined;
        return { sessionId, ...(nodeUri ? { nodeUri } : {}) };
      },
      askOldSession: async () => {
        const session = current();
        return session ? askOldSession(session, this.redactor) : 'no session was open';
      },
    };
  }
}

/** What the old session does when asked for its URL after the hook: 'answered …' means its browser still runs. */
async function askOldSession(session: WebDriver, redactor: Pick<Redactor, 'text'>): Promise<string> {
  const asked = session.getCurrentUrl().then(
    (url) => `answered (it was on ${redactor.text(url)})`,
    (error: unknown) => `is gone (${firstLine(error)})`,
  );
  return (await atMost(asked, OLD_SESSION_PROBE_MS)) ?? `is gone (no answer within ${OLD_SESSION_PROBE_MS / 1000} s)`;
}
