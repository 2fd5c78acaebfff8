import type { PageObservation, SettleWindow } from './driver';
import { delay } from './wait';

// The one loop every browser driver settles a page with (AuditDriver.observe): each driver says only how it
// samples the page, so "settled" means the same in every engine, as far as each can see.

/** One look at the page. */
export interface PageSample {
  /** The signals that hold now, in the record's order. */
  holding: string[];
  /** A token that changes whenever the page does (its DOM, its document); null: the page could not be asked. */
  version: string | null;
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
  let version: string | null | undefined;
  for (;;) {
    const now0 = Date.now();
    const look = await sample();
    for (const name of look.holding) if (!seen.includes(name)) seen.push(name);
    if (look.busy || look.version === null || look.version !== version) quietSince = now0;
    version = look.version;
    quietSince = Math.max(quietSince, look.lastActivityMs ?? 0);
    const now = Date.now();
    const last = look.holding[0] ?? null;
    const settled = last !== null && now0 - quietSince >= window.quietMs;
    if (settled || now - started >= window.maxMs) return { seen, last, settled };
    await delay(pollMs);
  }
}
