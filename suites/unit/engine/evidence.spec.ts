import { expect, test } from '@playwright/test';
import { playOnModel, users } from './model';

// Evidence is a policy of play(), not code in every step: each step gets the browser's state after it, and no
// secret the run handled (the typed password, a session id, a remember-me or API token) reaches an attachment.

test('every step of a scenario is an evidence step with the state of the browser after it', async () => {
  const { result, steps, attachments } = await playOnModel('logout-revisit');
  expect(result.verdict).toBe('passed');
  expect(steps).toEqual(['start the browser', '1. log in', '2. open the protected page', '3. log out', '4. revisit the protected page', '5. expect a new login to be required']);
  // A state identical to the previous capture is attached as a pointer to it ("state unchanged"), still one per step.
  for (const step of steps.slice(1)) expect(attachments.map((a) => a.name), step).toContainEqual(expect.stringMatching(new RegExp(`^${step.replace('.', '\\.')}: state`)));
});

test('no password, session id or token the run handled is in its evidence or its result', async () => {
  for (const id of ['logout-replay', 'logout-other-tab', 'logout-storage-residue', 'logout-remember-me']) {
    const { result, attachments, portal } = await playOnModel(id, { behaviour: { tokenInLocalStorage: true } });
    const text = [JSON.stringify(result), ...attachments.map((a) => a.body.toString())].join('\n');
    expect(portal.issued.length, id).toBeGreaterThan(2);
    for (const secret of [users[0]!.password, ...portal.issued]) expect(text.includes(secret), `${id}: a secret in the evidence`).toBe(false);
  }
});

/** The steps of a run with a screenshot (stored or pointing at an equal one), by their labels' step titles. */
function screenshotted(attachments: { name: string }[]): string[] {
  return attachments.flatMap((a) => /^\d+\. (.*): screenshot( unchanged)?$/.exec(a.name)?.[1] ?? []);
}

test('a screenshot where the verdict rests: pages a check was decided on, a finding, a failed step, the last page', async () => {
  const clean = await playOnModel('logout-revisit');
  const decided = [...new Set(clean.result.checks.map((c) => c.step))];
  expect(screenshotted(clean.attachments)).toEqual(decided);
  expect(decided.at(-1), 'the last page').toBe('expect a new login to be required');
  // A step that decided nothing keeps names only: no picture, no value, not even hashed.
  const logout = clean.attachments.find((a) => a.name === '3. log out: state')?.body.toString() ?? '';
  expect(logout).toContain('names only');
  expect(logout).not.toMatch(/h:[0-9a-f]{12}/);
  expect(screenshotted(clean.attachments)).not.toContain('log out');

  const found = await playOnModel('logout-revisit', { behaviour: { logoutCosmetic: true } });
  const finding = found.result.findings[0]!;
  expect(screenshotted(found.attachments)).toContain(finding.step);

  const broken = await playOnModel('logout-other-tab', { behaviour: { apiRefusesAlways: true } });
  expect(broken.result.verdict).toBe('broken');
  const failedStep = /in step "(.*?)"/.exec(broken.result.reason ?? '')?.[1];
  expect(screenshotted(broken.attachments).at(-1), broken.result.reason).toBe(failedStep);
});
