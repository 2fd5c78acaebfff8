import type { BrowserContext, Frame, Page } from 'playwright-core';

type OriginsState = Awaited<ReturnType<BrowserContext['storageState']>>['origins'];

function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * The localStorage of origins no open page shows, as Playwright's storageState reads it: by opening a hidden
 * page and navigating it to each such origin (bench/capture-cost.ts: 250-400 ms a call, most of one step's
 * evidence). An origin's localStorage changes only while a document of that origin runs, so the last read
 * stays true for every origin that has had no document since: it is read again as soon as any frame of any
 * tab has shown another origin than the open page's (whose storage is always read fresh, from the page
 * itself), and after every start of the browser (a new instance per context).
 */
export class OtherOriginStorage {
  private cached: OriginsState | undefined;
  /** Origins with a document alive at or since the last read. */
  private readonly touched = new Set<string>();

  constructor(private readonly context: BrowserContext) {
    const watch = (page: Page) => page.on('framenavigated', (frame: Frame) => this.saw(frame.url()));
    context.pages().forEach(watch);
    context.on('page', watch);
  }

  private saw(url: string): void {
    const origin = originOf(url);
    if (origin) this.touched.add(origin);
  }

  /** Every origin's localStorage (`current` = the open page's origin, which the caller reads itself). */
  async read(current: string | undefined): Promise<OriginsState> {
    // Documents alive now keep running after this read (back/forward-cache restores included): they count.
    const live = this.context.pages().flatMap((page) => page.frames().map((frame) => frame.url()));
    live.forEach((url) => this.saw(url));
    const stale = [...this.touched].some((origin) => origin !== current);
    if (!this.cached || stale) {
      this.touched.clear();
      live.forEach((url) => this.saw(url));
      this.cached = (await this.context.storageState()).origins;
    }
    return this.cached;
  }
}
