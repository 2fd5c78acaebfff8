import type { FindingCode } from '../scenarios/verdict';

// Allure categories: what kind of product defect a failed result is, from its finding code, and
// "Harness could not decide" for everything broken. Failed = the portal let someone in; broken = no verdict.

const groups: { name: string; codes: FindingCode[] }[] = [
  { name: 'Session survives logout', codes: ['LOGIN_NOT_REQUIRED_AFTER_LOGOUT', 'SESSION_VALID_AFTER_LOGOUT'] },
  { name: 'Session survives a browser restart or reboot', codes: ['SESSION_SURVIVED_RESTART', 'SESSION_SURVIVED_REBOOT'] },
  { name: 'IdP session survives logout', codes: ['IDP_SESSION_VALID_AFTER_LOGOUT'] },
];

export const allureCategories = [
  ...groups.map((g) => ({
    name: g.name,
    matchedStatuses: ['failed'],
    messageRegex: `[\\s\\S]*(${g.codes.join('|')})[\\s\\S]*`,
  })),
  { name: 'Harness could not decide', matchedStatuses: ['broken'] },
];
