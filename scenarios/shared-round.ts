import type { ScenarioId } from './catalogue';
import type { ScenarioDefinition, Step } from './scenario';

/**
 * The scenarios that share one login/logout round when an audit plans them for the same browser, preset and
 * persona (issue 35: no work done twice), in the order the round plays their own steps. Each only reads what
 * the browser holds (its cookie jar, its storage, caches and service workers), so playing it next to the others
 * cannot change what the others see; logout-revisit comes last, since its revisit is the one request the round
 * makes after logout, and nothing after it could be told apart from its doing.
 *
 * Left out, each because playing it in the round could change another's result:
 * - logout-replay and logout-token-replay send the user's credentials from another client (a copied jar, a
 *   replayed token); a portal that rotates sessions or refresh tokens on use, or ends a session used from two
 *   clients, would then show the round's browser a different state than a run of its own would;
 * - logout-back-button and logout-sso-silent move the user's browser through its history or the identity
 *   provider before logout; session-rotation needs the login form opened before the login;
 * - every scenario that restarts the browser, waits out the idle timeout or uses a second browser or user.
 */
export const SHARED_ROUND: readonly ScenarioId[] = ['cookie-attributes', 'logout-storage-residue', 'logout-revisit'];

/** The sentence --list and the summary use for a round. */
export const SHARED_ROUND_WHY = 'one login and logout: their checks only read what the browser holds, the revisit comes last';

/** Which of `planned` share a round, in the round's order (none when fewer than two of its members are planned). */
export function sharedRoundOf(planned: readonly string[]): string[] {
  const members = SHARED_ROUND.filter((id) => planned.includes(id));
  return members.length > 1 ? members : [];
}

/** One step of a round and the members whose results its checks count for. */
export interface RoundStep {
  step: Step;
  owners: readonly ScenarioDefinition[];
}

const LOGOUT_TITLE = 'log out';

/**
 * The steps of one round for `members`: the steps every member opens with (log in, open the protected page)
 * once, then each member's own steps before logout in member order, the logout once (owned by every member that
 * logs out), then each member's own steps after it in member order. One member: its steps as they are. A
 * member whose steps do not open with the shared ones is a mistake in SHARED_ROUND, thrown at once.
 */
export function roundSteps(members: readonly ScenarioDefinition[]): RoundStep[] {
  const [first, ...others] = members;
  if (!first) return [];
  if (others.length === 0) return first.steps.map((step) => ({ step, owners: [first] }));
  const split = members.map((member) => {
    const at = member.steps.findIndex((s) => s.title === LOGOUT_TITLE);
    return { member, before: at < 0 ? member.steps : member.steps.slice(0, at), logout: at < 0 ? undefined : member.steps[at], after: at < 0 ? [] : member.steps.slice(at + 1) };
  });
  const opening = commonOpening(split.map((s) => s.before));
  if (opening === 0) throw new Error(`the shared round's members (${members.map((m) => m.id).join(', ')}) do not open with the same steps`);
  const shared = first.steps.slice(0, opening).map((step) => ({ step, owners: members }));
  const own = (part: 'before' | 'after') =>
    split.flatMap(({ member, ...parts }) => parts[part].slice(part === 'before' ? opening : 0).map((step) => ({ step, owners: [member] })));
  const loggingOut = split.filter((s) => s.logout);
  const logout = loggingOut[0]?.logout;
  return [...shared, ...own('before'), ...(logout ? [{ step: logout, owners: loggingOut.map((s) => s.member) }] : []), ...own('after')];
}

/** How many leading steps every list has in common, by title. */
function commonOpening(lists: readonly (readonly Step[])[]): number {
  const shortest = Math.min(...lists.map((l) => l.length));
  let n = 0;
  while (n < shortest && lists.every((l) => l[n]?.title === lists[0]?.[n]?.title)) n += 1;
  return n;
}
