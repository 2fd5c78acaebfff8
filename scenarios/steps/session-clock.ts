import type { ScenarioContext } from '../scenario';

// A "login required" seen long after the session was last used proves nothing about logout: the portal's idle
// timeout alone would have ended the session (measured: through a loaded Selenium Grid a replay came more than
// 15 s after the last visit, the reference portal's idle timeout then, and a portal that keeps sessions after
// logout passed logout-replay). So the scenario notes when it last saw the personal data, and a pass that came
// later than the target's declared idle timeout is refused as undecided.

const LAST_SEEN_LOGGED_IN = 'lastSeenLoggedInAt';

declare module '../scenario' {
  interface ScenarioMemoryKeys {
    /** When the personal data was last seen (epoch ms). */
    [LAST_SEEN_LOGGED_IN]: number;
  }
}

/** The personal data was just seen: the session was in use now. */
export function sawLoggedIn(ctx: ScenarioContext): void {
  ctx.memory.set(LAST_SEEN_LOGGED_IN, Date.now());
}

/** Why a login form seen now may be the idle timeout's doing rather than logout's; undefined when it cannot be. */
export function idleTimeoutCouldExplain(ctx: ScenarioContext, now = Date.now()): string | undefined {
  const idleSeconds = ctx.target.policy.idleTimeoutSeconds;
  const lastSeen = ctx.memory.get(LAST_SEEN_LOGGED_IN);
  if (!idleSeconds || lastSeen === undefined) return undefined;
  const elapsed = (now - lastSeen) / 1000;
  if (elapsed < idleSeconds) return undefined;
  return (
    `the login form came ${elapsed.toFixed(1)} s after the personal data was last seen, not less than the portal's idle ` +
    `timeout (${idleSeconds} s): the idle timeout alone would explain it (a slow machine or grid; fewer --workers help)`
  );
}

/** For a message about a session found over: ", and the idle timeout would explain it (…)" where it would. */
export function idleNote(ctx: ScenarioContext): string {
  const why = idleTimeoutCouldExplain(ctx);
  return why ? `; ${why}` : '';
}
