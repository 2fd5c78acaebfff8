import { expect, test } from '@playwright/test';
import { controls } from '../../scenarios/controls';
import livefeedFile from './livefeed-target';
import { auditForeign, outcome, type ForeignPortal } from './foreign-audit';
import { LIVEFEED_USERS, startLivefeed, type LivefeedDefect } from './livefeed-portal';

// LiveFeed's vitals page keeps a WebSocket and an event stream open, pushing the user's readings. logout-other-tab
// watches the other tab's channels across the logout in the first: the clean portal closes them at logout, the
// defect keeps pushing on them, as a real application did (issue 30, class 6). Real Chromium: the channels are
// the browser's.
const livefeed: ForeignPortal<LivefeedDefect> = {
  file: livefeedFile,
  source: 'suites/foreign/livefeed-target.ts',
  env: () => ({
    LIVEFEED_USER_1: LIVEFEED_USERS[0].username,
    LIVEFEED_PASSWORD_1: LIVEFEED_USERS[0].password,
    LIVEFEED_USER_2: LIVEFEED_USERS[1].username,
    LIVEFEED_PASSWORD_2: LIVEFEED_USERS[1].password,
  }),
  urls: (portal) => ({ baseUrl: portal.url }),
  start: startLivefeed,
};

const CHECK = 'live channels end at logout';

test('the clean LiveFeed passes logout-other-tab: its live channels were open while logged in and closed at logout', async () => {
  const result = await auditForeign(livefeed, 'logout-other-tab');
  expect(outcome(result)).toEqual({ verdict: 'passed', codes: [], reason: undefined });
  const control = result.checks.find((c) => c.check === controls.liveChannels);
  expect(control, 'the control line').toMatchObject({ outcome: 'control' });
  expect(control!.seen).toMatch(/websocket ws:\/\/127\.0\.0\.1:\d+\/live\/socket\?… open, \d+ messages? received/);
  expect(control!.seen).toMatch(/eventsource http:\/\/127\.0\.0\.1:\d+\/live\/stream open, \d+ messages? received/);
  const check = result.checks.find((c) => c.check === CHECK);
  expect(check, 'the live channel check').toMatchObject({ outcome: 'passed', control: controls.liveChannels });
  expect(check!.seen).toMatch(/websocket \S+: closed by the server .*0 messages after logout/);
  expect(check!.seen).toMatch(/eventsource \S+: closed by the server .*0 messages after logout/);
});

test('LiveFeed whose live channels outlive logout fails logout-other-tab with OTHER_TAB_STILL_AUTHENTICATED, naming the channels but no ticket', async () => {
  const result = await auditForeign(livefeed, 'logout-other-tab', ['live-channels-outlive-logout']);
  expect(outcome(result)).toMatchObject({ verdict: 'failed', codes: ['OTHER_TAB_STILL_AUTHENTICATED'] });
  const finding = result.findings[0]!;
  expect(finding.message).toMatch(/still received messages/);
  expect(finding.seen).toMatch(/websocket ws:\/\/127\.0\.0\.1:\d+\/live\/socket\?…: \S.*[1-9]\d* messages? after logout/);
  expect(finding.seen).toMatch(/eventsource http:\/\/127\.0\.0\.1:\d+\/live\/stream: /);
  // The socket's ticket is in its URL's query: only "?…" may show of it.
  expect(JSON.stringify(result)).not.toMatch(/ticket=/);
  // The HTTP checks of the scenario still decide on their own: this portal's session did end.
  expect(result.checks).toContainEqual(expect.objectContaining({ check: 'API refuses after logout', outcome: 'passed' }));
});

test('LiveFeed that stops pushing but leaves its live channels open fails logout-other-tab: open after the bound is a finding', async () => {
  const result = await auditForeign(livefeed, 'logout-other-tab', ['live-channels-left-open']);
  expect(outcome(result)).toMatchObject({ verdict: 'failed', codes: ['OTHER_TAB_STILL_AUTHENTICATED'] });
  const finding = result.findings[0]!;
  expect(finding.message).toMatch(/stayed open/);
  expect(finding.seen).toMatch(/websocket \S+: still open \d+ s after logout, 0 messages after logout/);
  expect(finding.seen).toMatch(/eventsource \S+: still open \d+ s after logout, 0 messages after logout/);
});
