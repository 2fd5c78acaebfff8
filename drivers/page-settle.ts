import type { PageObservation, SettleWindow } from './driver';
import { delay } from './wait';

// The one loop every browser driver settles a page with (AuditDriver.observe): each driver says only how it
// samples the page, so "settled" means the same in every engine, as far as each can see.

/** The period of the page's own clock (PAGE_WATCH_SCRIPT). */
const PAGE_TICK_MS = 50;

/** What PAGE_WATCH_SCRIPT returns. */
export interface PageWatch {
  /** Changes with the page's DOM and document (each new document gets a new id) and its readyState. */
  version: string;
  /** How often the page's own PAGE_TICK_MS timer has run since the watch began on this document. */
  ticks: number;
}

/**
 * A script body (ES5, for IE11 too; `return`s a PageWatch) that puts a MutationObserver and a clock on each new
 * document the first time it runs there. The clock is the page's own timer: it runs only when the page does.
 */
export const PAGE_WATCH_SCRIPT = `var w = window, key = '__logoutAuditPageWatch';
if (!w[key]) {
  var state = w[key] = { id: Math.random(), changes: 0, ticks: 0 };
  if (w.MutationObserver) new MutationObserver(function () { state.changes++; }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  setInterval(function () { state.ticks++; }, ${PAGE_TICK_MS});
}
return { version: w[key].id + ':' + w[key].changes + ':' + document.readyState, ticks: w[key].ticks };`;

/** One look at the page. */
export interface PageSample {
  /** The signals that hold now, in the record's order. */
  holding: string[];
  /** A token that changes whenever the page does (its DOM, its document); null: the page could not be asked. */
  version: string | null;
  /**
   * How often the page's own timer has run (PAGE_WATCH_SCRIPT): quiet counts only time the page really ran, so
   * a renderer starved on a loaded machine, which has not yet shown what its last response brought, is not
   * taken for a quiet page. Absent where the page could not be asked.
   */
  ticks?: number;
  /** Something is still loading now (requests in flight, a document not complete). */
  busy: boolean;
  /** When the driver last saw network activity of the page (epoch ms), where it sees the network. */
  lastActivityMs?: number;
}

/**
 * Samples the page every `pollMs` until it has been quiet (not busy, unchanged, no network activity) for
 * `quietMs` while a signal holds, or until `maxMs`. Every signal that held at any sample is in `seen`.
 */
export async function watchUntilSettled(sample: () => Promise<PageSample>, window: SettleWindow, pollMs: number): Promise<PageObservation> {
  const started = Date.now();
  const seen: string[] = [];
  let quietSince = started;
  let quietSinceTick: number | undefined;
  let version: string | null | undefined;
  let firstSeenAt: number | undefined;
  for (;;) {
    const now0 = Date.now();
    const look = await sample();
    for (const name of look.holding) if (!seen.includes(name)) seen.push(name);
    if (firstSeenAt === undefined && seen.length > 0) firstSeenAt = now0;
    const activity = look.lastActivityMs ?? 0;
    if (look.busy || look.version === null || look.version !== version || activity > quietSince) {
      quietSince = Math.max(now0, activity);
      quietSinceTick = look.ticks;
    }
    version = look.version;
    const now = Date.now();
    const last = look.holding[0] ?? null;
    const pageRan = look.ticks === undefined || quietSinceTick === undefined || (look.ticks - quietSinceTick) * PAGE_TICK_MS >= window.quietMs;
    const settled = last !== null && now0 - quietSince >= window.quietMs && pageRan;
    const decided = window.endOn !== undefined && look.holding.includes(window.endOn);
    if (settled || decided || outOfTime(window, started, firstSeenAt, now)) return { seen, last, settled };
    await delay(pollMs);
  }
}

/** The watch's bound: until a first signal (firstSignalMs), then maxMs from that sighting; or maxMs from the start. */
function outOfTime(window: SettleWindow, started: number, firstSeenAt: number | undefined, now: number): boolean {
  if (window.firstSignalMs === undefined) return now - started >= window.maxMs;
  if (firstSeenAt === undefined) return now - started >= window.firstSignalMs;
  return now - firstSeenAt >= window.maxMs;
}
