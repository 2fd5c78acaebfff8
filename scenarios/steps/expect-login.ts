import type { PageState } from '../../drivers/driver';
import type { Step } from '../scenario';
import { BrokenError, type FindingCode } from '../verdict';
import type { PageKind } from './page-kind';

const WHY: Partial<Record<FindingCode, string>> = {
  LOGIN_NOT_REQUIRED_AFTER_LOGOUT: 'after logout the protected page opened without a new login',
  SESSION_SURVIVED_RESTART: 'after logout and a browser restart the protected page opened without a new login',
  SESSION_SURVIVED_REBOOT: 'after logout and a reboot the protected page opened without a new login',
};

/** The check of most scenarios: the last visit must have ended on the login form, never on personal data. */
export function expectLoginRequired(code: FindingCode): Step {
  return {
    title: 'expect a new login to be required',
    async run(ctx) {
      const visit = ctx.memory.get('visit') as { kind: PageKind | null; state: PageState } | undefined;
      if (!visit) throw new BrokenError('PRECONDITION', 'no visit to judge: revisit the protected page first');
      const where = `${visit.state.url} (HTTP ${visit.state.status ?? 'n/a'})`;
      if (visit.kind === 'login-required') {
        ctx.pass('login required', `login form at ${where}`);
        return;
      }
      if (visit.kind === 'logged-in') {
        ctx.finding(code, {
          message: WHY[code] ?? 'the portal let the user in without a new login',
          expected: 'the login form (a new login required)',
          seen: `personal data of ${ctx.user.id} at ${where}`,
          url: visit.state.url,
        });
        return;
      }
      throw new BrokenError('PAGE_UNRECOGNISED', `neither the login form nor the personal data appeared at ${where}: cannot tell whether login is required`);
    },
  };
}
