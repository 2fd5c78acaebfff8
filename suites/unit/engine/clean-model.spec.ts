import { expect, test } from '@playwright/test';
import { controls } from '../../../scenarios/controls';
import { scenarioCatalogue } from '../../../scenarios/catalogue';
import { explain, playOnModel } from './model';

// On a portal model that logs out properly, every scenario the model can answer passes, each pass resting on
// a check that positively saw the login form (or an empty store), and each refusal on its positive control.
// The ones it cannot answer are skipped with the reason, never passed.

/** What the model cannot answer, and why: these must be skipped, not passed. */
const notAnswerable: Record<string, RegExp> = {
  'logout-token-replay': /does not record request headers/,
  'logout-sso-silent': /declares no identity provider/,
  'idle-timeout': /declares no idle timeout/,
};

// As the plan runs them: a scenario without a restart under one preset, the others under every preset they name.
for (const preset of ['fresh-default', 'restore-session'] as const) {
  for (const { id, presets, restartsBrowser } of scenarioCatalogue) {
    if (presets && !presets.includes(preset)) continue;
    if (!restartsBrowser && preset !== 'fresh-default') continue;
    test(`${id} passes on the clean model under ${preset}`, async () => {
      const { result } = await playOnModel(id, { preset });
      if (notAnswerable[id]) {
        expect(result.verdict, explain(result)).toBe('skipped');
        expect(result.reason).toMatch(notAnswerable[id]!);
        return;
      }
      expect(result.verdict, explain(result)).toBe('passed');
      expect(result.findings).toEqual([]);
      expect(result.checks.some((c) => c.outcome === 'passed')).toBe(true);
    });
  }
}

test('a pass after logout rests on the control that showed the personal data while logged in', async () => {
  const { result } = await playOnModel('logout-revisit');
  expect(result.checks.map((c) => [c.outcome, c.check])).toEqual([
    ['premise', 'logged in'],
    ['control', controls.personalData],
    ['passed', 'login required'],
  ]);
  expect(result.checks.find((c) => c.outcome === 'passed')?.control).toBe(controls.personalData);
});

test('the restart scenarios really restart the modelled browser: session cookies go with a clean close under fresh-default only', async () => {
  const { result, portal } = await playOnModel('logout-close-relaunch');
  expect(result.verdict).toBe('passed');
  // After the relaunch the revisit asked the server (it was not answered from memory of the old browser).
  expect(portal.requests.slice(-2)).toEqual(['GET /mina-sidor', 'GET /login']);
});
