import type { FindingCode } from '../scenarios/verdict';

// Allure categories: what kind of product defect a failed result is, from its finding code, and
// "Harness could not decide" for everything broken. Failed = the portal let someone in; broken = no verdict.

const groups: { name: string; codes: FindingCode[] }[] = [
  { name: 'Session survives logout', codes: ['LOGIN_NOT_REQUIRED_AFTER_LOGOUT', 'SESSION_VALID_AFTER_LOGOUT', 'OTHER_TAB_STILL_AUTHENTICATED', 'OTHER_DEVICE_STILL_AUTHENTICATED'] },
  { name: 'Session survives a browser restart, reboot or crash', codes: ['SESSION_SURVIVED_RESTART', 'SESSION_SURVIVED_REBOOT', 'SESSION_REVIVED_AFTER_CRASH', 'SESSION_SURVIVED_CLOSE'] },
  { name: 'IdP session survives logout', codes: ['IDP_SESSION_VALID_AFTER_LOGOUT', 'IDP_SESSION_ALIVE'] },
  { name: 'Cached authenticated page', codes: ['AUTHENTICATED_PAGE_CACHED'] },
  { name: 'Data left in browser', codes: ['AUTH_DATA_LEFT_IN_BROWSER', 'PREVIOUS_USER_VISIBLE'] },
  { name: 'Weak session cookies or session handling', codes: ['PERSISTENT_SESSION_COOKIE', 'COOKIE_FLAGS_WEAK', 'SESSION_NOT_ROTATED', 'IDLE_TIMEOUT_NOT_ENFORCED'] },
];

export const allureCategories = [
  ...groups.map((g) => ({
    name: g.name,
    matchedStatuses: ['failed'],
    messageRegex: `[\\s\\S]*(${g.codes.join('|')})[\\s\\S]*`,
  })),
  { name: 'Harness could not decide', matchedStatuses: ['broken'] },
];
