// What a grid offers (before an audit starts) and which grid node runs a session (so a reboot hook can restart
// that node's machine and no other).
//
// Measured on the npm jar (selenium-server 4.48.0, grid/start-grid.ts on loopback), standalone and hub + 2 nodes:
// the GraphQL query `session(id) { nodeUri }` at `${gridUrl}/graphql` answers with the node's own URI (hub mode:
// the node's port, not the hub's), and so does the hub's internal `GET /se/grid/session/<id>` (`value.uri`).
// GraphQL is the grid's documented query API, so it is the one used. Both forget the session the moment it is
// quit: the lookup must happen while the session is alive, before the harness ends it.

import { InputError } from '../../errors/audit-error';

const LOOKUP_TIMEOUT_MS = 5_000;

/**
 * A stereotype capability naming a node (`"logout-audit:node": "ie-node-1"`). A relaunch asks for the node that
 * holds its profile by it: measured on the npm jar (4.48), the grid's slot matcher honours such a capability
 * (a request for "node-2" went to node-2 every time; one for a name no node has waited in the queue).
 */
export const NODE_CAPABILITY = 'logout-audit:node';

export interface GridNode {
  uri: string;
  /** The node's NODE_CAPABILITY value, when its stereotypes carry one. */
  name?: string;
}

interface SessionAnswer {
  data?: { session?: { nodeUri?: unknown } | null } | null;
}

/** Asks the grid's GraphQL endpoint; undefined when it does not answer (unreachable, old grid, a proxy in front). */
async function askGrid<T>(gridUrl: string, query: string, variables: Record<string, string>, timeoutMs: number): Promise<T | undefined> {
  try {
    const response = await fetch(new URL('graphql', withSlash(gridUrl)), {
      method: 'POST',
      // Measured: /graphql also took plain application/json, but the grid's /session refuses JSON whose content
      // type does not say utf-8; the explicit charset costs nothing.
      headers: { 'content-type': 'application/json; charset=utf-8' },
      // Values go in as GraphQL variables, never spliced into the query text.
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response.ok ? ((await response.json()) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** The URI of the node that runs `sessionId` (`http://10.0.0.21:5555`), or undefined when the grid cannot say. */
export async function findGridNode(gridUrl: string, sessionId: string, timeoutMs = LOOKUP_TIMEOUT_MS): Promise<string | undefined> {
  // When the grid cannot say, a reboot hook still runs, without the node.
  const answer = await askGrid<SessionAnswer>(gridUrl, 'query ($id: String!) { session(id: $id) { nodeUri } }', { id: sessionId }, timeoutMs);
  const nodeUri = answer?.data?.session?.nodeUri;
  return typeof nodeUri === 'string' && nodeUri !== '' ? nodeUri : undefined;
}

/** `new URL('graphql', base)` replaces the last path segment unless the base ends in a slash (a grid under /wd/hub). */
function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

interface StatusAnswer {
  value?: { ready?: boolean; nodes?: { availability?: string; slots?: { stereotype?: { browserName?: unknown } }[] }[] };
}

/**
 * The W3C browser names the grid's nodes that are UP offer (`chrome`, `internet explorer`), from its /status.
 * Throws a message that says how to fix it when the grid does not answer.
 */
export async function gridBrowserNames(gridUrl: string, timeoutMs = LOOKUP_TIMEOUT_MS): Promise<string[]> {
  let answer: StatusAnswer;
  try {
    const response = await fetch(new URL('status', withSlash(gridUrl)), { signal: AbortSignal.timeout(timeoutMs) });
    answer = (await response.json()) as StatusAnswer;
  } catch (error) {
    throw new InputError(`the grid at ${gridUrl} does not answer /status (${(error as Error).message}): is it up? (npm run grid starts one on this machine)`);
  }
  const names = (answer.value?.nodes ?? [])
    .filter((node) => node.availability === 'UP')
    .flatMap((node) => node.slots ?? [])
    .map((slot) => slot.stereotype?.browserName)
    .filter((name): name is string => typeof name === 'string');
  return [...new Set(names)].sort();
}

interface NodesAnswer {
  data?: { nodesInfo?: { nodes?: { uri?: unknown; stereotypes?: unknown }[] } | null } | null;
}

/**
 * The node that runs `sessionId`, with the name its stereotype gives it (NODE_CAPABILITY); undefined when the
 * grid cannot say. Like findGridNode, only while the session is alive.
 */
export async function findGridNodeWithName(gridUrl: string, sessionId: string, timeoutMs = LOOKUP_TIMEOUT_MS): Promise<GridNode | undefined> {
  const uri = await findGridNode(gridUrl, sessionId, timeoutMs);
  if (!uri) return undefined;
  const answer = await askGrid<NodesAnswer>(gridUrl, '{ nodesInfo { nodes { uri stereotypes } } }', {}, timeoutMs);
  const stereotypes = answer?.data?.nodesInfo?.nodes?.find((node) => node.uri === uri)?.stereotypes;
  try {
    // The grid hands stereotypes over as a JSON string: [{ slots, stereotype: { ... } }].
    const parsed = typeof stereotypes === 'string' ? (JSON.parse(stereotypes) as { stereotype?: Record<string, unknown> }[]) : [];
    const name = parsed.map((s) => s.stereotype?.[NODE_CAPABILITY]).find((n): n is string => typeof n === 'string' && n !== '');
    return name ? { uri, name } : { uri };
  } catch {
    return { uri };
  }
}
