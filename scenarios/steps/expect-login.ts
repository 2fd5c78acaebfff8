import type { HttpExchange, PageState } from '../../drivers/driver';
import { idpUrl, type Target } from '../../targets/target';
import { controls, type ControlName } from '../controls';
import type { ScenarioContext, Step } from '../scenario';
import { BrokenError, type FindingCode } from '../verdict';
import type { PageKind } from './page-kind';
import { idleTimeoutCouldExplain } from './session-clock';

const WHY: Partial<Record<FindingCode, string>> = {
  LOGIN_NOT_REQUIRED_AFTER_LOGOUT: 'after logout the protected page opened without a new login',
  SESSION_SURVIVED_RESTART: 'after logout and a browser restart the protected page opened without a new login',
  SESSION_SURVIVED_REBOOT: 'after logout and a reboot the protected page opened without a new login',
  SESSION_REVIVED_AFTER_CRASH: 'after logout and a power cut the browser revived the old cookies and the server accepted them',
  SESSION_SURVIVED_CLOSE: 'closing the browser without logging out left the session usable for the next person',
  IDP_SESSION_ALIVE: "after logout the identity provider logged the user in again without asking for credentials",
  OTHER_TAB_STILL_AUTHENTICATED: 'after logout in one tab, the other tab still opened the protected page',
  IDLE_TIMEOUT_NOT_ENFORCED: 'after the declared idle timeout the protected page still opened without a new login',
};

export interface Visit {
  kind: PageKind | null;
  state: PageState;
  /** The HTTP exchange of the visit, where it was recorded: it tells who let the user in. */
  exchanges?: HttpExchange[];
}

/**
 * The code a finding gets by what the visit showed, not by the scenario that looked: personal data served
 * without a hop through the identity provider came from the portal's own surviving session, which is no IdP
 * finding (and never one where no IdP is declared).
 */
export function codeByEvidence(code: FindingCode, target: Target, exchanges: HttpExchange[] | undefined): FindingCode {
  if (code !== 'IDP_SESSION_ALIVE') return code;
  if (!target.idp) return 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT';
  if (!exchanges) return code; // the driver records no exchange: the scenario's own code stands
  const idpOrigin = idpUrl(target)?.origin;
  const throughIdp = exchanges.some((e) => URL.canParse(e.url) && new URL(e.url).origin === idpOrigin);
  return throughIdp ? code : 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT';
}

/**
 * The one rule for judging a visit to a protected page: the login form is a pass, the personal data a
 * finding with `code`, anything else broken (the harness cannot tell). A login form that came later than the
 * target's idle timeout after the session was last seen in use is broken too: the timeout could explain it.
 */
export function judgeVisit(
  ctx: ScenarioContext,
  visit: Visit,
  code: FindingCode,
  words: { check: string; message?: string; expected?: string; seen?: string; control?: ControlName },
): void {
  const where = `${visit.state.url} (HTTP ${visit.state.status ?? 'n/a'})`;
  if (visit.kind === 'login-required') {
    // The idle-timeout scenario waits past the timeout on purpose; everywhere else it would explain a pass away.
    const tooLate = code === 'IDLE_TIMEOUT_NOT_ENFORCED' ? undefined : idleTimeoutCouldExplain(ctx);
    if (tooLate) throw new BrokenError('TOO_SLOW', tooLate);
    ctx.pass(words.check, `login form at ${where}`, words.control ?? controls.personalData);
  } else if (visit.kind === 'logged-in') {
    const cause = codeByEvidence(code, ctx.target, visit.exchanges);
    const byOwnSession = cause !== code ? ", served by the portal's own session without asking the identity provider" : '';
    ctx.finding(cause, {
      message: (cause === code ? words.message : undefined) ?? `${WHY[cause] ?? 'the portal let the user in without a new login'}${byOwnSession}`,
      expected: words.expected ?? 'the login form (a new login required)',
      seen: `personal data of ${ctx.user.id} at ${where}${words.seen ? `, ${words.seen}` : ''}`,
      url: visit.state.url,
    });
  } else {
    throw new BrokenError('PAGE_UNRECOGNISED', `neither the login form nor the personal data appeared at ${where}: cannot tell whether login is required`);
  }
}

/** The visit a revisit step left for the check after it. */
export function lastVisit(ctx: ScenarioContext): Visit {
  const visit = ctx.memory.get('visit');
  if (!visit) throw new BrokenError('PRECONDITION', 'no visit to judge: revisit the protected page first');
  return visit;
}

/** The check of most scenarios: the last visit must have ended on the login form, never on personal data. */
export function expectLoginRequired(code: FindingCode): Step {
  return {
    title: 'expect a new login to be required',
    async run(ctx) {
      const visit = ctx.memory.get('visit');
      if (!visit) throw new BrokenError('PRECONDITION', 'no visit to judge: revisit the protected page first');
      judgeVisit(ctx, visit, code, { check: 'login required' });
    },
  };
}
