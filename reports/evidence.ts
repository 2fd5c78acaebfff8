import type { AuditDriver } from '../drivers/driver';
import { redactCookies, redactExchanges, redactStorage, redactText, redactUrl } from './redact';

/**
 * Where evidence goes. Scenarios know only this, so evidence capture is a policy of the runner (Playwright
 * Test steps and attachments in audits, memory in unit tests), not code in every step.
 */
export interface EvidenceSink {
  step<T>(title: string, body: () => Promise<T>): Promise<T>;
  attach(name: string, body: Buffer | string, contentType: string): Promise<void>;
}

/**
 * Every text attachment passes through redactText here, the one choke point: whatever a step attaches, a
 * known secret (a typed password, a cookie value seen anywhere) cannot reach a report.
 */
export function redactedBody(body: Buffer | string, contentType: string): Buffer | string {
  if (typeof body === 'string') return redactText(body);
  return contentType.startsWith('image/') ? body : Buffer.from(redactText(body.toString('utf8')));
}

/** Keeps evidence in memory: for unit tests of the scenario engine and for callers outside a test. */
export function memoryEvidence(): EvidenceSink & { steps: string[]; attachments: { name: string; body: Buffer | string }[] } {
  const steps: string[] = [];
  const attachments: { name: string; body: Buffer | string }[] = [];
  return {
    steps,
    attachments,
    async step(title, body) {
      steps.push(title);
      return body();
    },
    async attach(name, body, contentType) {
      attachments.push({ name: redactText(name), body: redactedBody(body, contentType) });
    },
  };
}

/**
 * What the browser holds and shows right now: URL, HTTP status, title, the cookie jar of every origin and
 * storage (values redacted), the HTTP exchange since the last capture (no bodies), and a screenshot.
 */
export async function captureState(driver: AuditDriver, sink: EvidenceSink, label: string): Promise<void> {
  if (!driver.running) {
    await sink.attach(`${label}: state`, JSON.stringify({ browser: 'not running (closed, killed or not yet launched)' }, null, 2), 'application/json');
    return;
  }
  const [page, cookies, storage, exchanges] = await Promise.all([
    driver.pageState(),
    driver.cookies(),
    driver.storage(),
    driver.takeExchanges(),
  ]);
  const state = {
    driver: driver.name,
    url: redactUrl(page.url),
    status: page.status,
    title: redactText(page.title),
    cookies: redactCookies(cookies),
    storage: redactStorage(storage),
  };
  await sink.attach(`${label}: state`, JSON.stringify(state, null, 2), 'application/json');
  if (exchanges.length > 0) {
    await sink.attach(`${label}: http`, JSON.stringify(redactExchanges(exchanges), null, 2), 'application/json');
  }
  try {
    await sink.attach(`${label}: screenshot`, await driver.screenshot(), 'image/png');
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
    await sink.attach(`${label}: screenshot unavailable`, redactText(why), 'text/plain');
  }
}
