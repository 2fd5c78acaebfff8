import type { HttpExchange } from '../driver';
import { EXCHANGE_HEADERS } from '../exchange-headers';

// HTTP exchanges rebuilt from chromedriver's performance log: the CDP Network events Chromium emitted,
// delivered over plain WebDriver HTTP (`goog:loggingPrefs: { performance: 'ALL' }`), locally and through a
// grid alike. One CDP request id covers a whole redirect chain, so each hop is its own exchange. Raw headers
// (Set-Cookie, the Cookie a request carried) come in separate *ExtraInfo events, one per hop, in order, and
// may arrive before or after the event they belong to.

export interface PerfLogEntry {
  method: string;
  params: Record<string, unknown>;
  /** The tab (CDP target id, which is also chromedriver's window handle) the event came from. */
  webview: string;
}

interface CdpResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  fromDiskCache?: boolean;
  fromServiceWorker?: boolean;
}

interface Hop {
  method: string;
  url: string;
  resourceType: string;
  response?: CdpResponse;
  taken: boolean;
}

interface RequestRecord {
  hops: Hop[];
  requestExtras: { cookieNames: string[] }[];
  responseExtras: { headers: Record<string, string> }[];
}

export class ExchangeAssembler {
  private requests = new Map<string, RequestRecord>();
  private order: string[] = [];
  /** Exchanges already returned by take(), in order. */
  private readonly takenLog: HttpExchange[] = [];

  /** A new session: request ids restart, and what was never taken is taken now so it is not lost. */
  newSession(): void {
    this.take();
    this.requests = new Map();
    this.order = [];
  }

  /** Feeds one event; returns the status when it was a main-document response (for PageState.status). */
  add(entry: PerfLogEntry): number | null {
    const p = entry.params;
    const id = typeof p.requestId === 'string' ? p.requestId : undefined;
    if (!id) return null;
    switch (entry.method) {
      case 'Network.requestWillBeSent': {
        const request = p.request as { method: string; url: string };
        const record = this.record(id);
        const redirect = p.redirectResponse as CdpResponse | undefined;
        const last = record.hops[record.hops.length - 1];
        let status: number | null = null;
        if (redirect && last) {
          last.response = redirect;
          if (isMainDocument(p, entry)) status = redirect.status;
        }
        if (request.url.startsWith('data:')) return status;
        record.hops.push({ method: request.method, url: request.url, resourceType: String(p.type ?? 'Other').toLowerCase(), taken: false });
        return status;
      }
      case 'Network.responseReceived': {
        const record = this.requests.get(id);
        const last = record?.hops[record.hops.length - 1];
        if (!last) return null;
        last.response = p.response as CdpResponse;
        return isMainDocument(p, entry) ? last.response.status : null;
      }
      case 'Network.requestWillBeSentExtraInfo': {
        const associated = (p.associatedCookies ?? []) as { blockedReasons: unknown[]; cookie: { name: string } }[];
        this.record(id).requestExtras.push({
          cookieNames: associated.filter((c) => c.blockedReasons.length === 0).map((c) => c.cookie.name),
        });
        return null;
      }
      case 'Network.responseReceivedExtraInfo':
        this.record(id).responseExtras.push({ headers: (p.headers ?? {}) as Record<string, string> });
        return null;
      default:
        return null;
    }
  }

  /** Some answered hop that came from the network still lacks its raw headers. */
  awaitingExtraInfo(): boolean {
    for (const record of this.requests.values()) {
      for (const [i, hop] of record.hops.entries()) {
        if (!hop.taken && hop.response && fromNetwork(hop.response) && !record.responseExtras[i]) return true;
      }
    }
    return false;
  }

  /** Answered hops not returned before, in the order their requests started. */
  take(): HttpExchange[] {
    const fresh = this.build(true);
    this.takenLog.push(...fresh);
    return fresh;
  }

  /** Everything since the first launch, taken or not. */
  all(): HttpExchange[] {
    return [...this.takenLog, ...this.build(false)];
  }

  private build(markTaken: boolean): HttpExchange[] {
    const out: HttpExchange[] = [];
    for (const id of this.order) {
      const record = this.requests.get(id);
      if (!record) continue;
      for (const [i, hop] of record.hops.entries()) {
        if (hop.taken || !hop.response) continue;
        if (markTaken) hop.taken = true;
        out.push(toExchange(hop, hop.response, record.requestExtras[i], record.responseExtras[i]));
      }
    }
    return out;
  }

  private record(id: string): RequestRecord {
    let record = this.requests.get(id);
    if (!record) {
      record = { hops: [], requestExtras: [], responseExtras: [] };
      this.requests.set(id, record);
      this.order.push(id);
    }
    return record;
  }
}

function fromNetwork(response: CdpResponse): boolean {
  return !response.fromDiskCache && !response.fromServiceWorker;
}

function isMainDocument(params: Record<string, unknown>, entry: PerfLogEntry): boolean {
  // The main frame's id is the tab's target id.
  return params.type === 'Document' && params.frameId === entry.webview;
}

function toExchange(
  hop: Hop,
  response: CdpResponse,
  requestExtra: { cookieNames: string[] } | undefined,
  responseExtra: { headers: Record<string, string> } | undefined,
): HttpExchange {
  // Raw headers when Chromium reported them (they include Set-Cookie); the filtered ones otherwise.
  const headers = responseExtra?.headers ?? response.headers;
  const picked: Record<string, string> = {};
  const setCookies: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (EXCHANGE_HEADERS.includes(lower)) picked[lower] = value;
    // CDP joins repeated headers with newlines.
    if (lower === 'set-cookie') setCookies.push(...value.split('\n').filter(Boolean));
  }
  return {
    method: hop.method,
    url: hop.url,
    status: response.status,
    resourceType: hop.resourceType,
    requestCookieNames: requestExtra?.cookieNames ?? [],
    responseHeaders: picked,
    setCookies,
  };
}
