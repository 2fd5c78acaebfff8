import { expect, test } from '@playwright/test';
import type { ScenarioResult } from '../../scenarios/verdict';
import type { TargetFile } from '../../targets/define-target';
import caredeskFile from '../../targets/examples/caredesk';
import { CAREDESK_USERS, startCaredesk } from './caredesk-portal';
import { auditForeign, type ForeignPortal } from './foreign-audit';

// Proof that a stranger's portal is audited from its target file alone: no scenario or driver knows CareDesk.
// Only the base URL is replaced, because the test starts CareDesk on an ephemeral port.

const credentials = {
  CAREDESK_USER_1: CAREDESK_USERS[0].username,
  CAREDESK_PASSWORD_1: CAREDESK_USERS[0].password,
  CAREDESK_USER_2: CAREDESK_USERS[1].username,
  CAREDESK_PASSWORD_2: CAREDESK_USERS[1].password,
};

/** The same portal described with a scripted login and a logout URL instead of selectors and a click. */
const scripted: Partial<TargetFile> = {
  login: {
    script: async (browser, user) => {
      await browser.fill('#user', user.username);
      await browser.fill('#pass', user.password);
      await browser.click('#go');
    },
  },
  logout: { url: '/signout', done: { selector: 'h1#bye' } },
};

const caredesk = (variant: Partial<TargetFile> = {}): ForeignPortal<'broken-sign-out'> => ({
  file: caredeskFile as TargetFile,
  source: 'targets/examples/caredesk.ts',
  env: () => credentials,
  urls: (portal) => ({ ...variant, baseUrl: portal.url }),
  start: (defects) => startCaredesk({ brokenSignOut: defects.includes('broken-sign-out') }),
});

function audit(scenarioId: string, brokenSignOut: boolean, variant: Partial<TargetFile> = {}): Promise<ScenarioResult> {
  return auditForeign(caredesk(variant), scenarioId, brokenSignOut ? ['broken-sign-out'] : []);
}

// The clean runs: logout-replay is the negative control of the one defect's catch; the others are the
// questions whose answer rests on how CareDesk is described (its sign-out link, its own cookie, its display
// name). How a browser ends (close, reboot, power cut) is the reference portal's question.
const applicable = ['logout-revisit', 'logout-replay', 'logout-storage-residue', 'shared-computer', 'cookie-attributes'];

for (const id of applicable) {
  test(`the correct CareDesk passes ${id}`, async () => {
    const result = await audit(id, false);
    expect({ verdict: result.verdict, findings: result.findings, reason: result.reason }).toEqual({ verdict: 'passed', findings: [], reason: undefined });
  });
}

test('what CareDesk lacks is skipped with the reason, never passed', async () => {
  expect((await audit('logout-everywhere', false)).reason).toMatch(/declares no "log out everywhere"/);
  expect((await audit('idle-timeout', false)).verdict).toBe('skipped');
  // Without an identity provider logout-sso-silent would be logout-revisit under another name.
  expect((await audit('logout-sso-silent', false)).reason).toMatch(/declares no identity provider/);
});

test('a CareDesk whose sign-out keeps the server session fails logout-replay with SESSION_VALID_AFTER_LOGOUT', async () => {
  const result = await audit('logout-replay', true);
  expect(result.verdict).toBe('failed');
  expect(result.findings.map((f) => f.code)).toEqual(['SESSION_VALID_AFTER_LOGOUT']);
});

test('described with a login script and a logout URL, CareDesk audits the same', async () => {
  expect((await audit('logout-revisit', false, scripted)).verdict).toBe('passed');
  expect((await audit('logout-replay', true, scripted)).findings.map((f) => f.code)).toEqual(['SESSION_VALID_AFTER_LOGOUT']);
});
