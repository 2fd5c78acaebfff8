/** Resolves after `ms`. Used only as a polling interval or as the upper bound of a wait for an event. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Waits for `event` but never longer than `boundMs`: a browser that dies badly must not hang the audit. The
 * bound's timer ends with the wait: left pending, it kept a finished process alive for the whole bound.
 */
export async function atMost<T>(event: Promise<T>, boundMs: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), boundMs);
  });
  try {
    return await Promise.race([event, bound]);
  } finally {
    clearTimeout(timer);
  }
}
