import { expect, test } from '@playwright/test';
import { createDriver } from '../../drivers';
import { personas } from '../../drivers/personas';
import { playwrightEvidence } from '../../reports/playwright-evidence';
import { scenarioById } from '../../scenarios/catalogue';
import { play } from '../../scenarios/scenario';
import type { ScenarioResult } from '../../scenarios/verdict';
import { resolveTargetFile, type TargetFile } from '../../targets/define-target';
import caredeskFile from '../../targets/examples/caredesk';
import { CAREDESK_USERS, startCaredesk } from './caredesk-portal';

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

async function audit(scenarioId: string, brokenSignOut: boolean, variant: Partial<TargetFile> = {}): Promise<ScenarioResult> {
  const portal = await startCaredesk({ brokenSignOut });
  const target = resolveTargetFile({ ...(caredeskFile as TargetFile), ...variant, baseUrl: portal.url }, credentials, 'targets/examples/caredesk.ts');
  const spec = { backend: 'playwright', browser: 'chromium', profile: 'fresh-default', persona: personas.default } as const;
  const driver = createDriver(spec);
  try {
    return await play(scenarioById(scenarioId), {
      target,
      user: target.users[0]!,
      nextUser: target.users[1],
      driver,
      newDriver: () => createDriver(spec),
      evidence: playwrightEvidence(test.info()),
    });
  } finally {
    await driver.dispose();
    await portal.stop();
  }
}

const applicable = [
  'logout-revisit',
  'logout-close-relaunch',
  'logout-replay',
  'logout-sso-silent',
  'logout-back-button',
  'logout-storage-residue',
  'logout-other-tab',
  'shared-computer',
  'session-rotation',
  'cookie-attributes',
  'close-without-logout',
];

for (const id of applicable) {
  test(`the correct CareDesk passes ${id}`, async () => {
    const result = await audit(id, false);
    expect({ verdict: result.verdict, findings: result.findings, reason: result.reason }).toEqual({ verdict: 'passed', findings: [], reason: undefined });
  });
}

test('what CareDesk lacks is skipped with the reason, never passed', async () => {
  expect((await audit('logout-everywhere', false)).reason).toMatch(/declares no "log out everywhere"/);
  expect((await audit('idle-timeout', false)).verdict).toBe('skipped');
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
