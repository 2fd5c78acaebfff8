import type { AuditDriver, LiveChannel } from '../../drivers/driver';
import { delay } from '../../drivers/wait';
import { controls } from '../controls';
import type { ScenarioContext, Step } from '../scenario';
import { BrokenError } from '../verdict';

// A page's WebSockets and EventSources (server-sent events) are sessions of their own: opened once with the
// login's cookies, they go on carrying the user's live data whatever happens to the cookies later. On a real
// application a WebSocket opened while logged in stayed open and kept receiving after logout in another tab,
// which the other tab's next page and API call (./tabs.ts) never see. So the channels the other tab opened while
// logged in are watched across the logout: the server must end them (or at least send nothing more on them).

const CHECK = 'live channels end at logout';
const WATCHED = 'liveChannelsWhileLoggedIn';

/** A channel as the steps know it again later: a page keeps its record, so kind, URL and opening time name one. */
type ChannelId = Pick<LiveChannel, 'kind' | 'url' | 'openedMs'>;

declare module '../scenario' {
  interface ScenarioMemoryKeys {
    /** The other tab's channels open while logged in, or why there were none to watch. */
    [WATCHED]: { channels: ChannelId[] } | { none: string };
  }
}

// An app that pushes live data does so within moments of its channel opening (the portals that prompted this
// check: every few hundred ms). The wait ends as soon as every channel has opened and received a message; one
// quiet for this long is taken as sending nothing while idle, and the check rests on the channel being open.
// Also the bound for a page that opens its channels a moment after it loaded.
const FIRST_MESSAGE_BOUND_MS = 5_000;
// A server that ends the user's channels at logout does so while it handles the logout request, so a WebSocket's
// close (or an event stream's end) reaches the tab within moments; the bound leaves room for a loaded machine and
// for an EventSource's reconnection to be answered (refused) by the server after the browser's reconnection delay
// (Firefox waits 5 s by default, Chromium 3 s). It ends as soon as every channel is closed, or at the first message
// after logout (that already decides). A channel still open at the bound was not ended by the logout.
const AFTER_LOGOUT_BOUND_MS = 10_000;
const POLL_MS = 100;

function sameChannel(a: ChannelId, b: ChannelId): boolean {
  return a.kind === b.kind && a.url === b.url && a.openedMs === b.openedMs;
}

/** Where a channel goes, without its query (which may hold a token) or fragment. */
function whereTo(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '(an unreadable URL)';
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function whyUnwatchable(driver: AuditDriver): string | undefined {
  if (driver.capabilities.liveChannels && driver.liveChannels) return undefined;
  return `${driver.name} cannot watch a page's live channels: ${driver.capabilities.limits.liveChannels ?? 'this driver does not support it'}`;
}

async function channelsOf(driver: AuditDriver): Promise<LiveChannel[]> {
  return driver.liveChannels!();
}

/**
 * In the other tab, while logged in: its WebSockets and event streams that are open, each having received a
 * message where the app sends any (bounded wait, above). That is the positive control: without it, a tab whose
 * channels never opened (a wrong page, a refused socket) would pass for channels "closed at logout".
 */
export function watchLiveChannelsWhileLoggedIn(): Step {
  return {
    title: "note this tab's WebSockets and event streams (while logged in)",
    async run(ctx) {
      const unwatchable = whyUnwatchable(ctx.driver);
      if (unwatchable) return noneToWatch(ctx, unwatchable);
      const deadline = Date.now() + FIRST_MESSAGE_BOUND_MS;
      let channels = await channelsOf(ctx.driver);
      const settled = () => channels.length > 0 && channels.every((c) => c.state === 'closed' || (c.state === 'open' && c.messagesMs.length > 0));
      while (!settled() && Date.now() < deadline) {
        await delay(POLL_MS);
        channels = await channelsOf(ctx.driver);
      }
      if (channels.length === 0) return noneToWatch(ctx, 'this tab opened no WebSocket or event stream while logged in');
      await ctx.attachJson('live channels while logged in', channels.map((c) => describeForEvidence(c)));
      const open = channels.filter((c) => c.state === 'open');
      if (open.length === 0) {
        return noneToWatch(ctx, `none of the channels this tab opened was open while logged in (${channels.map((c) => `${c.kind} ${whereTo(c.url)}: ${c.state}`).join('; ')})`);
      }
      ctx.memory.set(WATCHED, { channels: open.map(({ kind, url, openedMs }) => ({ kind, url, openedMs })) });
      const quiet = `no message in ${FIRST_MESSAGE_BOUND_MS / 1000} s`;
      ctx.control(controls.liveChannels, open.map((c) => `${c.kind} ${whereTo(c.url)} open, ${c.messagesMs.length > 0 ? `${plural(c.messagesMs.length, 'message')} received` : quiet}`).join('; '));
    },
  };
}

function noneToWatch(ctx: ScenarioContext, why: string): void {
  ctx.memory.set(WATCHED, { none: why });
  ctx.notApplicable(controls.liveChannels, why);
}

/** One channel's fate across the logout, counted: no message content exists here to show. */
interface Fate {
  channel: LiveChannel | undefined;
  id: ChannelId;
  before: number;
  after: number;
}

function fateOf(id: ChannelId, now: LiveChannel[], loggedOutMs: number): Fate {
  const channel = now.find((c) => sameChannel(c, id));
  const messages = channel?.messagesMs ?? [];
  return { id, channel, before: messages.filter((ms) => ms <= loggedOutMs).length, after: messages.filter((ms) => ms > loggedOutMs).length };
}

function describeFate({ id, channel, before, after }: Fate, loggedOutMs: number): string {
  const counts = `${plural(after, 'message')} after logout (${before} before)`;
  if (!channel) return `${id.kind} ${whereTo(id.url)}: ended with the page it lived in (the tab left it), ${counts}`;
  const state =
    channel.state === 'open'
      ? `still open ${AFTER_LOGOUT_BOUND_MS / 1000} s after logout`
      : channel.state === 'closed'
        ? `closed by the ${channel.closedBy ?? 'server'} ${channel.closedMs !== null && channel.closedMs > loggedOutMs ? `${((channel.closedMs - loggedOutMs) / 1000).toFixed(1)} s after logout` : 'at logout'}`
        : channel.state === 'connecting'
          ? 'its stream ended by the server (the browser waits to reconnect)'
          : 'closing';
  return `${id.kind} ${whereTo(id.url)}: ${state}, ${counts}`;
}

function describeForEvidence(c: LiveChannel, loggedOutMs?: number) {
  const counts =
    loggedOutMs === undefined
      ? { messages: c.messagesMs.length }
      : { messagesBeforeLogout: c.messagesMs.filter((ms) => ms <= loggedOutMs).length, messagesAfterLogout: c.messagesMs.filter((ms) => ms > loggedOutMs).length };
  return { kind: c.kind, url: whereTo(c.url), state: c.state, closedBy: c.closedBy, ...counts };
}

/**
 * In the other tab, after logout in the first: each channel noted while logged in must end, and receive nothing
 * after the logout. Watched from the end of the logout (which waited for the portal's confirmation, so what was
 * already on its way when the server logged the user out has arrived) until every channel has closed, bounded
 * (above). A message after logout, or a channel still open at the bound, is the other tab still authenticated.
 */
export function expectLiveChannelsEndedByLogout(): Step {
  return {
    title: "watch this tab's WebSockets and event streams after logout",
    async run(ctx) {
      const watched = ctx.memory.get(WATCHED);
      if (!watched) throw new BrokenError('PRECONDITION', 'the live channels after logout are judged against those open while logged in, and no step noted them');
      if ('none' in watched) return ctx.notApplicable(CHECK, watched.none);
      const loggedOutMs = Date.now();
      const deadline = loggedOutMs + AFTER_LOGOUT_BOUND_MS;
      let fates: Fate[];
      for (;;) {
        const now = await channelsOf(ctx.driver);
        fates = watched.channels.map((id) => fateOf(id, now, loggedOutMs));
        const decided = fates.some((f) => f.after > 0) || fates.every((f) => !f.channel || f.channel.state === 'closed');
        if (decided || Date.now() >= deadline) break;
        await delay(POLL_MS);
      }
      await ctx.attachJson(
        'live channels after logout',
        fates.map((f) => (f.channel ? describeForEvidence(f.channel, loggedOutMs) : { kind: f.id.kind, url: whereTo(f.id.url), state: 'gone with its page' })),
      );
      const seen = fates.map((f) => describeFate(f, loggedOutMs)).join('; ');
      const alive = fates.filter((f) => f.after > 0 || f.channel?.state === 'open');
      if (alive.length > 0) {
        ctx.finding('OTHER_TAB_STILL_AUTHENTICATED', {
          message: "after logout in another tab, this tab's WebSocket or event stream opened while logged in " + (alive.some((f) => f.after > 0) ? 'still received messages' : 'stayed open'),
          expected: 'the server closes the channel at logout, and nothing more arrives on it',
          seen,
          url: whereTo(alive[0]!.id.url),
        });
      } else {
        ctx.pass(CHECK, seen, controls.liveChannels);
      }
    },
  };
}
