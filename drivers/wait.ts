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

/**
 * The bound on a browser's start (a launch, a relaunch on its profile, a WebDriver session). A bound, not a wait:
 * a start measured at 1.5-12 s here can take several times that on a machine loaded many times over, and a
 * start that ran out of time would turn a run broken by the machine's speed (CI once saw a Firefox probe
 * launched late in a power-cut run end it broken). A browser that cannot start at all is still named.
 */
export const BROWSER_START_BOUND_MS = 120_000;
