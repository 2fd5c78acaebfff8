import { controls } from '../../scenarios/controls';
import logoutTokenReplay from '../../scenarios/logout-token-replay';
import { expect, test } from '../../audit/fixtures';

// Whether logout-token-replay has anything to replay depends on the driver: Firefox (Playwright over WebDriver
// BiDi) must hand over the request headers of the pages' own requests, or the scenario is skipped there as
// "nothing to test". defects:firefox leaves the token defects to Chromium (the server's answer is the same in
// every engine); this one run proves Firefox records both credentials: the Bearer token and the narrow-path
// refresh cookie, each accepted while logged in (the control) and still accepted after logout.
test.use({ auditBrowser: 'firefox', auditBackend: 'playwright', targetFile: '', portalDefects: ['access-token-valid-after-logout', 'refresh-token-not-revoked'] });

test('Firefox records the Bearer token and the refresh cookie the pages sent, and both replays catch their defect', async ({ runScenario }) => {
  const result = await runScenario(logoutTokenReplay, { preset: 'fresh-default', persona: 'default' });
  expect({ verdict: result.verdict, codes: [...new Set(result.findings.map((f) => f.code))] }, result.reason).toEqual({ verdict: 'failed', codes: ['TOKEN_VALID_AFTER_LOGOUT'] });
  const seen = result.findings.map((f) => f.seen);
  expect(seen.some((s) => /\/api\/recept with only its Bearer token: HTTP 200$/.test(s))).toBe(true);
  expect(seen.some((s) => /\/api\/auth\/session with only its cookie vp\.refresh \(Path=\/api\/auth\): HTTP 200$/.test(s))).toBe(true);
  expect(result.checks.filter((c) => c.outcome === 'control').map((c) => c.control)).toContain(controls.tokenReplay);
});
