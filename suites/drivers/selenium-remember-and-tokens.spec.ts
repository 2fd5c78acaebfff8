import { controls } from '../../scenarios/controls';
import logoutRememberMe from '../../scenarios/logout-remember-me';
import logoutTokenReplay from '../../scenarios/logout-token-replay';
import { expect, test } from '../../audit/fixtures';

// Chromium through Selenium (local chromedriver) on the clean reference portal: it keeps a profile and injects
// cookies, so logout-remember-me runs in full; it sees no request headers (chromedriver's exchanges come
// without them), so logout-token-replay is skipped with that reason, never passed.
test.use({ auditBrowser: 'chromium', auditBackend: 'selenium', targetFile: '', portalDefects: [] });

test('Selenium runs logout-remember-me in full and it passes on the clean portal, each refusal on its control', async ({ runScenario }) => {
  const result = await runScenario(logoutRememberMe, { preset: 'fresh-default', persona: 'default' });
  expect({ verdict: result.verdict, findings: result.findings, reason: result.reason }).toEqual({ verdict: 'passed', findings: [], reason: undefined });
  // Both refusals were seen (restart and replay), not declared not applicable.
  expect(result.checks.filter((c) => c.outcome === 'passed').map((c) => [c.check, c.control])).toEqual([
    ['login required after logout and a restart', controls.rememberRestart],
    ['the copied remember-me cookies worthless after logout', controls.rememberJar],
  ]);
  expect(result.checks.filter((c) => c.outcome === 'not-applicable')).toEqual([]);
});

test('Selenium skips logout-token-replay because it records no request headers, and says so', async ({ runScenario }) => {
  const result = await runScenario(logoutTokenReplay, { preset: 'fresh-default', persona: 'default' });
  expect(result.verdict, result.reason).toBe('skipped');
  expect(result.reason).toMatch(/does not record request headers/);
});
