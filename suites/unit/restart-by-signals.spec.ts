import { expect, test } from '@playwright/test';
import { restartBySignals } from '../../drivers/profile/processes';

// A restart done on this machine is only evidence when it ended something: a "reboot" that found no process
// of a running browser would leave it to a later clean close, and the scenario would pass for the wrong reason.

test('a reboot that ended the running browser is reported with what got which signal', () => {
  expect(restartBySignals('reboot', { terminated: [11, 12], killed: [12], survivors: [] }, true)).toEqual({
    action: 'reboot',
    method: 'signals',
    terminated: [11, 12],
    killed: [12],
  });
});

test('a running browser of which no process was found is refused', () => {
  expect(() => restartBySignals('power-cut', { terminated: [], killed: [], survivors: [] }, true)).toThrow(/no process held its profile/);
});

test('a process that outlived SIGKILL is refused', () => {
  expect(() => restartBySignals('reboot', { terminated: [11], killed: [11], survivors: [11] }, true)).toThrow(/survived SIGKILL/);
});

test('a restart of a closed browser ends nothing, and that is right', () => {
  expect(restartBySignals('reboot', { terminated: [], killed: [], survivors: [] }, false).terminated).toEqual([]);
});
