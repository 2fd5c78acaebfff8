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

/**
 * How much one capture keeps. `full` where a verdict rests (the page whose signal decided a check, a finding, a
 * step that failed, the run's last page): a screenshot, and the cookie jar and storage with their values as
 * keyed hashes. `light` everywhere else: the page's address, status and title, what the step saw, and the names
 * of the cookies and storage entries, no values and no screenshot (bench/capture-cost.ts: a screenshot is most
 * of a capture's time, and a step that decides nothing needs no picture to be followed).
 */
export type CaptureDetail = 'full' | 'light';

/** The last stored state and screenshot of each browser: a capture that changed neither gets a pointer instead of a copy. */
// Keyed by the browser object, which belongs to one run: no run sees another's captures.
const lastCapture = new WeakMap<InspectedBrowser, { state?: { label: string; digest: string }; screenshot?: { label: string; digest: string } }>();

function digest(body: Buffer | string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** A page's storage as the names it holds: what a light capture keeps of it. */
function storageNames(storage: StorageSnapshot) {
  return storage.origins.map((o) => ({
    origin: o.origin,
    localStorage: Object.keys(o.localStorage),
    sessionStorage: Object.keys(o.sessionStorage),
    indexedDB: o.indexedDB,
    cacheStorage: o.cacheStorage,
    serviceWorkers: o.serviceWorkers,
  }));
}

/**
 * What the browser holds and shows right now, at `detail` (see CaptureDetail), with the HTTP exchange since the
 * last capture (no bodies) at either. `seen`: what the step's checks saw on the page, in their words. The parts
 * are read side by side (each is a separate request to the browser; measured, bench/capture-cost.ts: about half
 * the serial time). A state or screenshot identical to the same browser's previous one is not stored again: its
 * attachment names the capture it equals, so every step still says what the browser showed.
 */
export async function captureState(driver: InspectedBrowser, sink: EvidenceSink, label: string, detail: CaptureDetail = 'full', seen: string[] = []): Promise<void> {
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
    detail === 'full' ? driver.screenshot().catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))) : undefined,
  ]);
  // Every cookie value is learnt as a secret at either detail, so a light step's values are masked wherever else
  // they turn up (a URL, an error message) exactly as a full step's are.
  const redactedCookies = redactor.cookies(cookies);
  const common = { driver: driver.name, url: redactor.text(page.url), status: page.status, title: redactor.text(page.title), ...(seen.length > 0 ? { seen: seen.map((s) => redactor.text(s)) } : {}) };
  const state = JSON.stringify(
    detail === 'full'
      ? { ...common, cookies: redactedCookies, storage: redactor.storage(storage) }
      : { ...common, detail: 'names only: no values, no screenshot (no check was decided on this page)', cookies: cookies.map((c) => `${c.name} (${c.domain}${c.path})`), storage: storageNames(storage) },
    null,
    2,
  );
  const previous = lastCapture.get(driver) ?? {};
  const stateNow = { label, digest: digest(state) };
  if (previous.state && previous.state.digest === stateNow.digest) {
    await sink.attach(`${label}: state unchanged`, `the same as "${previous.state.label}: state"`, 'text/plain');
  } else {
    await sink.attach(`${label}: state`, state, 'application/json');
    previous.state = stateNow;
  }
  lastCapture.set(driver, previous);
  if (exchanges.length > 0) {
    await sink.attach(`${label}: http`, JSON.stringify(redactor.exchanges(exchanges), null, 2), 'application/json');
  }
  if (screenshot === undefined) return;
  if (screenshot instanceof Error) {
    await sink.attach(`${label}: screenshot unavailable`, redactor.text(screenshot.message.split('\n')[0] ?? ''), 'text/plain');
    return;
  }
  const shotNow = { label, digest: digest(screenshot) };
  if (previous.screenshot && previous.screenshot.digest === shotNow.digest) {
    await sink.attach(`${label}: screenshot unchanged`, `the same as "${previous.screenshot.label}: screenshot"`, 'text/plain');
  } else {
    await sink.attach(`${label}: screenshot`, screenshot, imageContentType(screenshot));
    previous.screenshot = shotNow;
  }
}
