import { expect, test } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../drivers/browsers';
import { personas } from '../../drivers/personas';
import {
  DEFAULT_EDGE_PATH,
  capabilityJson,
  chromiumOptions,
  edgeIeModeOptions,
  ie11Options,
  type IeSwitch,
} from '../../drivers/webdriver/selenium-capabilities';

// The exact W3C capabilities each Selenium preset sends. Keys are the ones Selenium and IEDriverServer document
// (`se:ieOptions`, `ie.edgechromium`, `ie.edgepath`, `goog:chromeOptions`); a renamed key would be ignored by the
// node without an error, so the JSON is pinned whole.

test('classic IE11 asks for "internet explorer" and never for a clean session', () => {
  expect(capabilityJson(ie11Options())).toEqual({
    browserName: 'internet explorer',
    'se:ieOptions': { 'ie.ensureCleanSession': false },
  });
});

test('Edge in IE mode attaches IEDriverServer to Edge through se:ieOptions', () => {
  expect(capabilityJson(edgeIeModeOptions())).toEqual({
    browserName: 'internet explorer',
    'se:ieOptions': {
      'ie.ensureCleanSession': false,
      'ie.edgechromium': true,
      'ie.edgepath': DEFAULT_EDGE_PATH,
    },
  });
  expect(capabilityJson(edgeIeModeOptions({ edgePath: 'D:\\Edge\\msedge.exe' }))['se:ieOptions']).toMatchObject({
    'ie.edgepath': 'D:\\Edge\\msedge.exe',
  });
});

test('IE switches go through ie.browserCommandLineSwitches with CreateProcess, which they need', () => {
  expect(capabilityJson(ie11Options({ switches: ['-noframemerging', '-extoff'], initialUrl: 'https://portal.example/' }))).toEqual({
    browserName: 'internet explorer',
    'se:ieOptions': {
      'ie.ensureCleanSession': false,
      initialBrowserUrl: 'https://portal.example/',
      'ie.forceCreateProcessApi': true,
      'ie.browserCommandLineSwitches': '-noframemerging -extoff',
    },
  });
});

test('no IE preset can wipe IE state or browse InPrivate', () => {
  for (const options of [ie11Options(), edgeIeModeOptions(), ie11Options({ switches: ['-nomerge'] })]) {
    const ieOptions = capabilityJson(options)['se:ieOptions'] as Record<string, unknown>;
    expect(ieOptions['ie.ensureCleanSession'] ?? false).toBe(false);
    expect(String(ieOptions['ie.browserCommandLineSwitches'] ?? '')).not.toContain('-private');
  }
  expect(() => ie11Options({ switches: ['-private' as IeSwitch] })).toThrow(/InPrivate/);
});

test('Chromium keeps its profile in the given user data dir, with the project flags and the persona', () => {
  const json = capabilityJson(
    chromiumOptions({ userDataDir: '/tmp/p/profile', persona: personas.ie11, binary: '/usr/bin/chromium' }),
  );
  expect(json).toEqual({
    browserName: 'chrome',
    'goog:chromeOptions': {
      args: [
        ...CHROMIUM_ARGS,
        '--user-data-dir=/tmp/p/profile',
        '--headless=new',
        `--user-agent=${personas.ie11.userAgent}`,
      ],
      binary: '/usr/bin/chromium',
    },
    'goog:loggingPrefs': { performance: 'ALL' },
  });
});

test('Chromium for a grid leaves the binary to the node and its own User-Agent alone', () => {
  const json = capabilityJson(chromiumOptions({ userDataDir: 'C:\\audit\\p', persona: personas.default, headless: false }));
  expect(json['goog:chromeOptions']).toEqual({ args: [...CHROMIUM_ARGS, '--user-data-dir=C:\\audit\\p'] });
});
