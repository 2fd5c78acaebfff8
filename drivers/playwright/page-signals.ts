import type { BrowserContext, Page, Request } from 'playwright-core';
import type { PageSignal } from '../driver';
import { PAGE_WATCH_SCRIPT, type PageWatch } from '../page-settle';

/** Whether the page shows the signal now (every field that is set must hold; a signal with none never holds). */
export async function holds(page: Page, signal: PageSignal): Promise<boolean> {
  try {
    if (signal.urlPattern && !signal.urlPattern.test(page.url())) return false;
    if (signal.selector && !(await page.locator(signal.selector).first().isVisible())) return false;
    if (signal.text && !(await page.getByText(signal.text).first().isVisible())) return false;
    return Boolean(signal.urlPattern || signal.selector || signal.text);
  } catch {
    return false; // the page navigated while we looked
  }
}

// Requests that stay open by design: counting them in flight would keep such a page from ever settling.
const LONG_LIVED = new Set(['eventsource', 'websocket']);

/**
 * The requests each page of a context has in flight, and when the last one started or ended. Watched from the
 * context's start: a page's data call often starts while it loads, before anyone asks whether it settled.
 */
export class PageActivity {
  /** Per page, each open request with its place in the order requests started. */
  private readonly open = new WeakMap<Page, Map<Request, number>>();
  private readonly lastMs = new WeakMap<Page, number>();
  private started = 0;

  watch(context: BrowserContext): void {
    context.on('request', (request) => this.begun(request));
    context.on('requestfinished', (request) => this.ended(request));
    context.on('requestfailed', (request) => this.ended(request));
  }

  /** Requests of the page not answered yet; when the last started or ended (0: none seen). */
  of(page: Page): { inFlight: number; lastMs: number } {
    return { inFlight: this.open.get(page)?.size ?? 0, lastMs: this.lastMs.get(page) ?? 0 };
  }

  private begun(request: Request): void {
    const page = pageOf(request);
    if (!page || LONG_LIVED.has(request.resourceType())) return;
    let open = this.open.get(page);
    if (!open) this.open.set(page, (open = new Map()));
    // A redirect is a new request; the hop before it is done whether or not its own event came.
    const before = request.redirectedFrom();
    if (before) open.delete(before);
    open.set(request, ++this.started);
    this.lastMs.set(page, Date.now());
  }

  private ended(request: Request): void {
    const page = pageOf(request);
    const open = page && this.open.get(page);
    if (!page || !open) return;
    const order = open.get(request);
    open.delete(request);
    // A new document in a frame ends what the one before it had started: Chromium reports no end of a fetch
    // the page navigated away from (measured), which would otherwise stay in flight for ever.
    if (order !== undefined && request.isNavigationRequest()) {
      for (const [other, since] of open) if (since < order && other.frame() === request.frame()) open.delete(other);
    }
    this.lastMs.set(page, Date.now());
  }
}

function pageOf(request: Request): Page | null {
  try {
    return request.frame().page();
  } catch {
    return null; // a service worker's own request (it has no frame): no page waits for it
  }
}

/** The page's DOM version and clock (drivers/page-settle.ts); null when it could not be asked (it was navigating). */
export async function watchPage(page: Page): Promise<PageWatch | null> {
  return page.evaluate<PageWatch>(`(function () { ${PAGE_WATCH_SCRIPT} })()`).catch(() => null);
}
