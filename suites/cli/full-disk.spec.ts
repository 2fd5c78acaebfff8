import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { tsEntry } from '../../cli/ts-entry';

// Exit 1 means a finding and nothing else: a disk that fills during a passing audit is a run that could not
// finish, exit 2 with one line of ours (Node's own exit code for the uncaught error was 1, read by CI as a finding).

test('an --out on a disk that fills: exit 2 and one line saying so, never 1', async () => {
  test.setTimeout(600_000);
  const mountPoint = mkdtempSync(join(tmpdir(), 'full-disk-'));
  // A 300 KB tmpfs holds the results of the run but not its report: the disk fills after the verdicts.
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=300k', 'tmpfs', mountPoint], { encoding: 'utf8' });
  test.skip(mounted.status !== 0, `a small tmpfs cannot be mounted here: ${mounted.stderr}`);
  try {
    const root = resolve('.');
    const run = spawnSync(process.execPath, [...tsEntry(join(root, 'cli/audit.ts')), '--scenarios', 'logout-revisit', '--presets', 'fresh-default', '--personas', 'default', '--out', join(mountPoint, 'out')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 540_000,
    });
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status, output).toBe(2);
    expect(output).toMatch(/logout-audit: the audit could not finish: ENOSPC/);
  } finally {
    spawnSync('umount', [mountPoint]);
  }
});
