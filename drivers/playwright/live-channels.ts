import type { BrowserContext, Page } from 'playwright-core';
import type { LiveChannel } from '../driver';

// The WebSockets and EventSources a page opens, seen from inside the page: a script that runs before the page's
// own in every document (context.addInitScript) puts recording subclasses in place of window.WebSocket and
// window.EventSource. One way for both kinds and both engines: Playwright's page 'websocket' event has no
// EventSource counterpart, while an init script runs alike in Chromium and in Firefox over BiDi. It keeps when
// each message came, never what it said. Not seen: channels a worker opens (its global is not the page's).

/** The page's record, under a registered symbol: no page script reads or overwrites it by accident. */
const RECORD_KEY = 'logout-audit.live-channels';

/**
 * Runs in every document before its own scripts. Plain JavaScript in a string, not a function of this module:
 * Playwright would send a function's source as compiled here, where tsx (keepNames) wraps named functions and
 * classes in a helper the page does not have.
 */
const RECORDER = `(() => {
  const record = Symbol.for(${JSON.stringify(RECORD_KEY)});
  if (window[record]) return;
  const entries = [];
  Object.defineProperty(window, record, { value: entries });
  const entryOf = new WeakMap();
  const noteClosed = (entry, by) => {
    if (entry.closedMs === null) entry.closedMs = Date.now();
    if (entry.closedBy === null) entry.closedBy = by;
  };
  const track = (kind, channel, listen) => {
    const entry = { kind, url: String(channel.url), openedMs: Date.now(), closedMs: null, closedBy: null, messagesMs: [], channel };
    entries.push(entry);
    entryOf.set(channel, entry);
    listen.call(channel, 'message', () => entry.messagesMs.push(Date.now()));
    return entry;
  };
  const NativeWebSocket = window.WebSocket;
  if (NativeWebSocket) {
    const listen = NativeWebSocket.prototype.addEventListener;
    window.WebSocket = class WebSocket extends NativeWebSocket {
      constructor(url, protocols) {
        super(url, protocols);
        const entry = track('websocket', this, listen);
        listen.call(this, 'close', () => noteClosed(entry, 'server'));
      }
      close(code, reason) {
        const entry = entryOf.get(this);
        if (entry && entry.closedBy === null) entry.closedBy = 'page';
        return super.close(...arguments);
      }
    };
  }
  const NativeEventSource = window.EventSource;
  if (NativeEventSource) {
    const listen = NativeEventSource.prototype.addEventListener;
    const counted = new WeakMap();
    window.EventSource = class EventSource extends NativeEventSource {
      constructor(url, init) {
        super(url, init);
        const entry = track('eventsource', this, listen);
        counted.set(this, new Set(['message', 'open', 'error']));
        // CLOSED after an error: the server refused the stream or its reconnection (a stream that merely ended
        // sends the browser back to CONNECTING, to reconnect).
        listen.call(this, 'error', () => {
          if (this.readyState === NativeEventSource.CLOSED) noteClosed(entry, 'server');
        });
      }
      // A named server-sent event ("event: vitals") reaches only listeners of its name, never 'message': each
      // name the page listens to is counted as its messages are.
      addEventListener(type, listener, options) {
        const entry = entryOf.get(this);
        const names = counted.get(this);
        if (entry && names && !names.has(type)) {
          names.add(type);
          listen.call(this, type, () => entry.messagesMs.push(Date.now()));
        }
        return super.addEventListener(type, listener, options);
      }
      close() {
        const entry = entryOf.get(this);
        if (entry) noteClosed(entry, 'page');
        return super.close();
      }
    };
  }
})();`;

/** Every page of the context records its live channels from its first script on (pages opened later too). */
export async function recordLiveChannelsIn(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: RECORDER });
}

/** The channels the page's current document opened, with their state now. */
export function readLiveChannels(page: Page): Promise<LiveChannel[]> {
  return page.evaluate((key) => {
    type Kept = Omit<LiveChannel, 'state'> & { channel: { readyState: number } };
    const entries = ((window as unknown as Record<symbol, Kept[] | undefined>)[Symbol.for(key)] ?? []);
    return entries.map(({ channel, ...entry }) => {
      // readyState numbers: WebSocket 0 connecting, 1 open, 2 closing, 3 closed; EventSource 0, 1, 2 closed.
      const closedAt = entry.kind === 'websocket' ? 3 : 2;
      const state = channel.readyState === closedAt ? 'closed' : channel.readyState === 0 ? 'connecting' : channel.readyState === 1 ? 'open' : 'closing';
      return { ...entry, state } as LiveChannel;
    });
  }, RECORD_KEY);
}
