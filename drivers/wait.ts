/** Resolves after `ms`. Used only as a polling interval or as the upper bound of a wait for an event. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits for `event` but never longer than `boundMs`: a browser that dies badly must not hang the audit. */
export async function atMost<T>(event: Promise<T>, boundMs: number): Promise<T | undefined> {
  return Promise.race([event, delay(boundMs).then(() => undefined)]);
}
