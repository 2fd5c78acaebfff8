import { controls } from '../../scenarios/controls';
import logoutRememberMe from '../../scenarios/logout-remember-me';
import logoutTokenReplay from '../../scenarios/logout-token-replay';
import { expect, test } from '../../audit/fixtures';

// WebKitGTK on the reference portal: its automation sessions keep no profile, so logout-remember-me (a browser
// restart) is skipped with that reason; its recording proxy sees request headers, so logout-token-replay runs:
// it catches the access token left valid at logout, after its control. WebKitGTK is installed by npm test's
// setup (--with-webkit), as for the audit:webkit and conformance:webkit projects.

test.use({ auditBrowser: 'webkitgtk', auditBackend: 'selenium', targetFile: '', portalDefects: ['access-token-valid-after-logout'] });

test('WebKitGTK skips logout-remember-me because it keeps no profile, and says so', async ({ runScenario }) => {
  const result = await runScenario(logoutRememberMe, { preset: 'fresh-default', persona: 'default' });
  expect(result.verdict, result.reason).toBe('skipped');
  expect(result.reason).toMatch(/^logout-remember-me needs persistentProfile: /);
});

test('WebKitGTK runs logout-token-replay: the access token left valid at logout is TOKEN_VALID_AFTER_LOGOUT', async ({ runScenario }) => {
  const result = await runScenario(logoutTokenReplay, { preset: 'fresh-default', persona: 'default' });
  expect({ verdict: result.verdict, codes: [...new Set(result.findings.map((f) => f.code))] }, result.reason).toEqual({ verdict: 'failed', codes: ['TOKEN_VALID_AFTER_LOGOUT'] });
  // The control ran first: the same replay was accepted while logged in.
  expect(result.checks.filter((c) => c.outcome === 'control').map((c) => c.control)).toContain(controls.tokenReplay);
});
