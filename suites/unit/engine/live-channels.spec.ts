import { expect, test } from '@playwright/test';
import { ALL_CAPABILITIES, type DriverCapabilities, type LiveChannel } from '../../../drivers/driver';
import { MemoryDriver } from './memory/memory-driver';
import { MemoryPortal } from './memory/memory-portal';
import { memoryEvidence } from '../../../evidence/evidence';
import { scenarioById } from '../../../scenarios/catalogue';
import { controls } from '../../../scenarios/controls';
import { play } from '../../../scenarios/scenario';
import { parseTarget } from '../../../targets/target';
import { BASE_URL, explain, modelTarget, playOnModel, users } from './model';

// logout-other-tab's live channel check (scenarios/steps/live-channels.ts) on the model: the HTTP side is the
// in-memory portal, the other tab's channels are scripted by a driver that says it can watch them. What a real
// browser's channels do is proven on LiveFeed in real Chromium (suites/foreign/livefeed.spec.ts).

const CHECK = 'live channels end at logout';
type AfterLogout = 'closed by the server' | 'pushing' | 'none opened' | 'never open';

/** The model's browser, with the other tab's channels as the test scripts them: a clock is the only input. */
class ChannelsModel extends MemoryDriver {
  override readonly capabilities: DriverCapabilities = ALL_CAPABILITIES;
  private loggedOutMs: number | undefined;

  constructor(private readonly afterLogout: AfterLogout) {
    super(new MemoryPortal(users), BASE_URL);
  }

  override async click(selector: string): Promise<void> {
    if (selector === modelTarget.logout.click) this.loggedOutMs = Date.now();
    return super.click(selector);
  }

  async liveChannels(): Promise<LiveChannel[]> {
    if (this.afterLogout === 'none opened') return [];
    const openedMs = 1_000;
    const channel: LiveChannel = { kind: 'websocket', url: `ws://127.0.0.1:9/live?ticket=secret-ticket-1`, openedMs, state: 'open', closedMs: null, closedBy: null, messagesMs: [openedMs + 1] };
    if (this.afterLogout === 'never open') return [{ ...channel, state: 'closed', closedMs: openedMs + 2, closedBy: 'server', messagesMs: [] }];
    if (this.loggedOutMs === undefined) return [channel];
    if (this.afterLogout === 'pushing') return [{ ...channel, messagesMs: [...channel.messagesMs, Date.now()] }];
    return [{ ...channel, state: 'closed', closedMs: this.loggedOutMs, closedBy: 'server' }];
  }
}

async function playWithChannels(afterLogout: AfterLogout) {
  const target = parseTarget(modelTarget, 'the model target');
  const driver = new ChannelsModel(afterLogout);
  return play(scenarioById('logout-other-tab'), {
    target,
    user: target.users[0]!,
    driver,
    newDriver: () => new MemoryDriver(new MemoryPortal(users), BASE_URL),
    evidence: memoryEvidence(),
  });
}

test('a channel the server closes at logout passes, resting on the control that it was open while logged in', async () => {
  const result = await playWithChannels('closed by the server');
  expect(result.verdict, explain(result)).toBe('passed');
  expect(result.checks).toContainEqual(expect.objectContaining({ check: controls.liveChannels, outcome: 'control', seen: expect.stringMatching(/websocket ws:\/\/127\.0\.0\.1:9\/live\?… open, 1 message received/) }));
  expect(result.checks).toContainEqual(expect.objectContaining({ check: CHECK, outcome: 'passed', control: controls.liveChannels, seen: expect.stringMatching(/closed by the server at logout, 0 messages after logout \(1 before\)/) }));
});

test('a message on a channel after logout is OTHER_TAB_STILL_AUTHENTICATED, and its URL shows no ticket', async () => {
  const result = await playWithChannels('pushing');
  expect(result.verdict, explain(result)).toBe('failed');
  expect(result.findings.map((f) => f.code)).toEqual(['OTHER_TAB_STILL_AUTHENTICATED']);
  expect(result.findings[0]!.seen).toMatch(/websocket ws:\/\/127\.0\.0\.1:9\/live\?…: still open .*1 message after logout \(1 before\)/);
  expect(JSON.stringify(result)).not.toContain('secret-ticket-1');
});

test('a tab that opened no channel makes the check not applicable; the HTTP checks still decide', async () => {
  const result = await playWithChannels('none opened');
  expect(result.verdict, explain(result)).toBe('passed');
  expect(result.checks).toContainEqual(expect.objectContaining({ check: CHECK, outcome: 'not-applicable', seen: 'this tab opened no WebSocket or event stream while logged in' }));
});

test('channels that were not open while logged in are no control: the check is not applicable, not passed', async () => {
  const result = await playWithChannels('never open');
  expect(result.checks).toContainEqual(expect.objectContaining({ check: CHECK, outcome: 'not-applicable', seen: expect.stringMatching(/none of the channels this tab opened was open while logged in \(websocket \S+: closed\)/) }));
  expect(result.checks.filter((c) => c.check === CHECK || c.check === controls.liveChannels).map((c) => c.outcome)).toEqual(['not-applicable', 'not-applicable']);
});

test('a driver that cannot watch live channels says why, and logout-other-tab is decided by its HTTP checks', async () => {
  const { result } = await playOnModel('logout-other-tab');
  expect(result.verdict, explain(result)).toBe('passed');
  expect(result.checks).toContainEqual(expect.objectContaining({ check: CHECK, outcome: 'not-applicable', seen: expect.stringMatching(/^memory cannot watch a page's live channels: the in-memory model runs no page scripts/) }));
});
