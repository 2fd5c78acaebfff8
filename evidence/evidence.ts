import { createHash } from 'node:crypto';
import type { AuditCookie, HttpExchange, PageState, StorageSnapshot } from './browser-state';
import { createRedactor, type Redactor } from './redact';

/**
 * Where evidence goes. Scenarios know only this, so evidence capture is a policy of the runner (Playwright
 * Test steps and attachments in audits, memory in unit tests), not code in every step. The sink carries the
 * run's Redactor: everything attached passes through it, and the scenario learns secrets into it.
 */
export interface EvidenceSink {
  /** The run's redaction (its learnt secrets); every attachment's name and body go through it. */
  readonly redactor: Redactor;
  step<T>(title: string, body: () => Promise<T>): Promise<T>;
  attach(name: string, body: Buffer | string, contentType: string): Promise<void>;
}

/** What capture reads from a browser: a part of every driver (drivers/driver.ts AuditDriver), named here so evidence needs no driver. */
export interface InspectedBrowser {
  readonly name: string;
  readonly running: boolean;
  pageState(): Promise<PageState>;
  cookies(): Promise<AuditCookie[]>;
  storage(): Promise<StorageSnapshot>;
  takeExchanges(): Promise<HttpExchange[]>;
  screenshot(): Promise<Buffer>;
}

/**
 * Keeps evidence in memory: for unit tests of the scenario engine and for callers outside a test. A new
 * Redactor unless given one (a run's own, to see what it masks).
 */
export function memoryEvidence(
  redactor: Redactor = createRedactor(),
): EvidenceSink & { steps: string[]; attachments: { name: string; body: Buffer | string }[] } {
  const steps: string[] = [];
  const attachments: { name: string; body: Buffer | string }[] = [];
  return {
    redactor,
    steps,
    attachments,
    async step(title, body) {
      steps.push(title);
      return body();
    },
    async attach(name, body, contentType) {
      attachments.push({ name: redactor.text(name), body: redactor.body(body, contentType) });
    },
  };
}

/** What a screenshot's bytes are: JPEG where the driver can encode it (Playwright, Chromium over CDP), else PNG. */
export function imageContentType(image: Buffer): 'image/jpeg' | 'image/png' {
  return image[0] === 0xff && image[1] === 0xd8 && image[2] === 0xff ? 'image/jpeg' : 'image/png';
}

/** The last capture of each browser: a step that changed nothing there gets a pointer instead of a copy. */
// Keyed by the browser object, which belongs to one run: no run sees another's captures.
const lastCapture = new WeakMap<InspectedBrowser, { label: string; state: string; screenshot: string }>();

function digest(body: Buffer | string): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * What the browser holds and shows right now: URL, HTTP status, title, the cookie jar of every origin and
 * storage (values redacted), the HTTP exchange since the last capture (no bodies), and a screenshot. The parts
 * are read side by side (each is a separate request to the browser; measured, bench/capture-cost.ts: about
 * half the serial time). A state or screenshot identical to the same browser's previous capture is not stored
 * again: its attachment names the capture it equals, so every step still says what the browser showed.
 */
export async function captureState(driver: InspectedBrowser, sink: EvidenceSink, label: string): Promise<void> {
  const { redactor } = sink;
  if (!driver.running) {
    lastCapture.delete(driver);
    await sink.attach(`${label}: state`, JSON.stringify({ browser: 'not running (closed, killed or not yet launched)' }, null, 2), 'application/json');
    return;
  }
  const [page, cookies, storage, exchanges, screenshot] = await Promise.all([
    driver.pageState(),
    driver.cookies(),
    driver.storage(),
    driver.takeExchanges(),
    driver.screenshot().catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
  ]);
  const state = JSON.stringify(
    {
      driver: driver.name,
      url: redactor.text(page.url),
      status: page.status,
      title: redactor.text(page.title),
      cookies: redactor.cookies(cookies),
      storage: redactor.storage(storage),
    },
    null,
    2,
  );
  const previous = lastCapture.get(driver);
  const now = { label, state: digest(state), screenshot: screenshot instanceof Error ? '' : digest(screenshot) };
  lastCapture.set(driver, now);
  if (previous && previous.state === now.state) {
    await sink.attach(`${label}: state unchanged`, `the same as "${previous.label}: state"`, 'text/plain');
  } else {
    await sink.attach(`${label}: state`, state, 'application/json');
  }
  if (exchanges.length > 0) {
    await sink.attach(`${label}: http`, JSON.stringify(redactor.exchanges(exchanges), null, 2), 'application/json');
  }
  if (screenshot instanceof Error) {
    await sink.attach(`${label}: screenshot unavailable`, redactor.text(screenshot.message.split('\n')[0] ?? ''), 'text/plain');
  } else if (previous && previous.screenshot === now.screenshot) {
    await sink.attach(`${label}: screenshot unchanged`, `the same as "${previous.label}: screenshot"`, 'text/plain');
  } else {
    await sink.attach(`${label}: screenshot`, screenshot, imageContentType(screenshot));
  }
}
