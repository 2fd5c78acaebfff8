// Posts a change notice to a webhook. A webhook's URL carries its own credential (Slack and Teams put the key
// in the path), so only its origin is ever printed. A post that fails is a warning: the audit's verdict and
// exit code are the portal's, never the chat service's.

/** How long a webhook may take to answer: a chat service that hangs must not hold the nightly job. */
const POST_TIMEOUT_MS = 15_000;

/** Undefined when the webhook took the notice (2xx); else the warning to print. */
export async function postNotice(url: string, body: unknown): Promise<string | undefined> {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return 'the notification was not sent: --notify needs the http(s) URL of a webhook';
  }
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(POST_TIMEOUT_MS),
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.ok ? undefined : `the notification to ${origin} was refused: HTTP ${response.status}`;
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause?.code;
    return `the notification to ${origin} could not be sent: ${cause ?? (error as Error).message}`;
  }
}
