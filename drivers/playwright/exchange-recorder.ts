import type { Response } from 'playwright-core';
import type { HttpExchange } from '../driver';
import { EXCHANGE_HEADERS } from '../exchange-headers';

// The HTTP exchanges a Playwright-driven browser received, from its response events. Headers are read
// asynchronously, so each exchange is pending until settled; the log keeps every exchange since the first
// launch, in order, and marks what takeExchanges already returned.

export class ExchangeRecorder {
  private pending: Promise<HttpExchange | null>[] = [];
  private readonly log: HttpExchange[] = [];
  private taken = 0;

  record(response: Response): void {
    const request = response.request();
    if (request.url().startsWith('data:')) return;
    this.pending.push(
      (async () => {
        try {
          const [requestHeaders, responseHeaders] = await Promise.all([request.allHeaders(), response.headersArray()]);
          const picked: Record<string, string> = {};
          for (const { name, value } of responseHeaders) {
            if (EXCHANGE_HEADERS.includes(name.toLowerCase())) picked[name.toLowerCase()] = value;
          }
          return {
            method: request.method(),
            url: request.url(),
            status: response.status(),
            resourceType: request.resourceType(),
            requestCookieNames: cookieNames(requestHeaders.cookie),
            requestAuthorization: requestHeaders.authorization ?? null,
            responseHeaders: picked,
            setCookies: setCookieLines(responseHeaders),
          };
        } catch {
          return null; // the browser went away while headers were read (close, reboot)
        }
      })(),
    );
  }

  /** Drops what is still pending: the browser that would have answered is gone. */
  dropPending(): void {
    this.pending = [];
  }

  /** Responses received since the last call. */
  async take(): Promise<HttpExchange[]> {
    await this.settle();
    const fresh = this.log.slice(this.taken);
    this.taken = this.log.length;
    return fresh;
  }

  /** Every response since the first launch, including those not taken yet. */
  async all(): Promise<HttpExchange[]> {
    await this.settle();
    return [...this.log];
  }

  private async settle(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    for (const exchange of await Promise.all(pending)) if (exchange) this.log.push(exchange);
  }
}

/** Set-Cookie lines; over BiDi (Firefox) several may arrive as one header value joined by newlines. */
function setCookieLines(headers: { name: string; value: string }[]): string[] {
  return headers
    .filter((h) => h.name.toLowerCase() === 'set-cookie')
    .flatMap((h) => h.value.split('\n'))
    .filter(Boolean);
}

function cookieNames(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(';')
    .map((part) => part.split('=')[0]?.trim() ?? '')
    .filter(Boolean);
}
