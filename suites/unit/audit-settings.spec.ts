import { inspect } from 'node:util';
import { expect, test } from '@playwright/test';
import { parseAuditSettings, SettingsError } from '../../audit/settings';
import { driverSpecFor } from '../../drivers';
import { auditBrowserById } from '../../drivers/audit-browsers';
import { requireBrowser } from '../../drivers/browser-preflight';
import { findChromium } from '../../drivers/browsers';
import { personas } from '../../drivers/personas';
import { profileDirPrefix } from '../../drivers/profile/profile-dirs';

// audit/settings.ts: the AUDIT_* variables parsed once into one typed object; each wrong one refused with a
// sentence that says what is wrong and how to fix it, every wrong one at once.

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    parseAuditSettings(env);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as SettingsError).problems;
  }
}

test('nothing set: the self-test defaults (embedded portal, three engines, out/)', () => {
  const settings = parseAuditSettings({});
  expect(settings).toMatchObject({
    cli: false,
    outDir: 'out',
    runId: 'adhoc',
    workers: undefined,
    browsers: ['chromium', 'firefox', 'webkit'],
    selection: { scenarios: undefined, presets: undefined, personas: undefined, quick: false },
    targets: [{ file: '', name: 'reference-portal' }],
    targetFile: '',
    portalDefects: [],
    scope: undefined,
    signingKey: undefined,
  });
  expect(parseAuditSettings({ AUDIT_CLI: '1' }).browsers, 'an audit without --browsers: Chromium').toEqual(['chromium']);
});

test('what the CLI sets is read back as it meant it; an empty variable is unset', () => {
  const settings = parseAuditSettings({
    AUDIT_CLI: '1',
    AUDIT_OUT: '/tmp/x',
    AUDIT_WORKERS: '3',
    AUDIT_BROWSERS: 'chromium, firefox',
    AUDIT_SCENARIOS: 'logout-revisit',
    AUDIT_PRESETS: '',
    AUDIT_PERSONAS: 'ie11',
    AUDIT_QUICK: '',
    AUDIT_PORTAL_DEFECTS: 'rp-session-not-destroyed',
    AUDIT_TARGETS: JSON.stringify([{ file: '/t/a.ts', name: 'A' }]),
    AUDIT_TARGET_NAME: 'A',
  });
  expect(settings).toMatchObject({
    outDir: '/tmp/x',
    workers: 3,
    browsers: ['chromium', 'firefox'],
    selection: { scenarios: ['logout-revisit'], presets: undefined, personas: ['ie11'], quick: false },
    portalDefects: ['rp-session-not-destroyed'],
    targets: [{ file: '/t/a.ts', name: 'A' }],
    targetName: 'A',
  });
  expect(parseAuditSettings({ AUDIT_TARGET: '/t/b.ts' }).targets, 'a hand run of one target file: named by its file').toEqual([{ file: '/t/b.ts', name: 'b.ts' }]);
});

test('every wrong variable is named at once, each with what to write instead', () => {
  expect(
    problems({
      AUDIT_WORKERS: '0',
      AUDIT_BROWSERS: 'chromium,netscape',
      AUDIT_QUICK: 'yes',
      AUDIT_PORTAL_DEFECTS: 'no-such-defect',
      AUDIT_TARGETS: '[]',
      AUDIT_SCOPE: '{"plan":"x"}',
    }),
  ).toEqual([
    'AUDIT_WORKERS="0": must be a whole number of parallel browsers, 1 or more, such as 2 (the CLI\'s --workers)',
    expect.stringMatching(/^unknown browser "netscape": use one of chromium, /),
    'AUDIT_QUICK="yes": must be 1 (on) or 0 (off), or unset',
    expect.stringMatching(/^AUDIT_TARGETS must be a JSON list of \{ file, name \}, got \[\]$/),
    expect.stringMatching(/^unknown defect id "no-such-defect"; valid ids: /),
    expect.stringMatching(/^AUDIT_SCOPE must be the \{ plan, planRuns, shard\? \} JSON the audit CLI writes: unset it/),
  ]);
  expect(problems({ AUDIT_SCENARIOS: 'logout-revisit,logout-nowhere' })).toEqual([expect.stringMatching(/^unknown scenario "logout-nowhere": use one of .*logout-revisit/)]);
});

test('the keys are never shown: printing or serialising the settings masks them', () => {
  const settings = parseAuditSettings({ AUDIT_SIGNING_KEY: 'signing-key-123456', AUDIT_REDACTION_KEY: 'redaction-key-abcdef' });
  expect(settings.signingKey?.reveal()).toBe('signing-key-123456');
  for (const shown of [JSON.stringify(settings), inspect(settings, { depth: 5 }), `${settings.signingKey}`]) {
    expect(shown).not.toContain('signing-key-123456');
    expect(shown).not.toContain('redaction-key-abcdef');
  }
});

test('the binaries, the run id and the grid reach the drivers from the settings, not from the environment', () => {
  const settings = parseAuditSettings({
    AUDIT_CHROMIUM_PATH: '/opt/no-such/chromium',
    AUDIT_FIREFOX_PATH: '/opt/no-such/firefox',
    AUDIT_CHROMEDRIVER_PATH: '/opt/no-such/chromedriver',
    AUDIT_WEBKITWEBDRIVER_PATH: '/opt/no-such/WebKitWebDriver',
    AUDIT_WEBKIT_BROWSER_PATH: '',
    AUDIT_RUN_ID: 'run-7',
    SELENIUM_REMOTE_URL: 'http://127.0.0.1:4444',
  });
  expect(settings.executables).toEqual({
    chromium: '/opt/no-such/chromium',
    firefox: '/opt/no-such/firefox',
    chromedriver: '/opt/no-such/chromedriver',
    webkitWebDriver: '/opt/no-such/WebKitWebDriver',
    webkitBrowser: undefined,
  });
  expect(parseAuditSettings({}).executables).toEqual({ chromium: undefined, firefox: undefined, chromedriver: undefined, webkitWebDriver: undefined, webkitBrowser: undefined });
  const spec = driverSpecFor('selenium', 'chromium', 'fresh-default', personas.default, settings);
  expect(spec).toMatchObject({ gridUrl: 'http://127.0.0.1:4444', executables: settings.executables });
  // The override is the one used, and a wrong one is named with its variable.
  expect(() => findChromium(settings.executables)).toThrow(/^AUDIT_CHROMIUM_PATH=\/opt\/no-such\/chromium is not an executable file/);
  expect(() => requireBrowser(auditBrowserById('firefox'), settings)).toThrow(/^AUDIT_FIREFOX_PATH=\/opt\/no-such\/firefox is not an executable file/);
  expect(() => requireBrowser(auditBrowserById('selenium-chromium'), settings), 'through the grid, the node has its own binaries').not.toThrow();
  expect(profileDirPrefix(settings.runId)).toBe('logout-audit-run-7-');
});
