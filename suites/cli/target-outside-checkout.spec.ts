import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { startPortal } from '../../portal/start';

// A region keeps its target files in its own repository and runs the command from there. The reference portal,
// described by targets/examples/reference-portal.ts (which imports defineTarget by package name), is audited
// through a copy of that file in a temporary directory outside the checkout, with no package.json beside it,
// by bin/logout-audit.sh started in that directory: the CLI and the Playwright workers must both load the file
// (the workers used to fail with "Unexpected token 'export'"), the command must find its own config, and
// --out is relative to the caller.

test('from its own directory, a target file outside the checkout audits the reference portal, importing logout-audit by name', async () => {
  // One scenario of a real audit, report included: about 40 s on a quiet machine, more on a loaded one.
  test.setTimeout(300_000);
  const root = resolve('.');
  const dir = mkdtempSync(join(tmpdir(), 'region-targets-'));
  const file = join(dir, 'vardportalen.ts');
  copyFileSync(join(root, 'targets/examples/reference-portal.ts'), file);
  const outDir = join(dir, 'relative-out');
  // Long idle timeout: logout-revisit does not idle, so no verdict here may depend on the machine's speed.
  const portal = await startPortal({ idleTimeoutSeconds: 900 });
  try {
    const user = portal.users[0]!;
    // Not spawnSync: the portal answers from this process, whose event loop must keep running.
    const child = spawn(
      join(root, 'bin', 'logout-audit.sh'),
      ['audit', '--target', 'vardportalen.ts', '--scenarios', 'logout-revisit', '--presets', 'fresh-default', '--personas', 'default', '--out', 'relative-out'],
      {
        cwd: dir,
        env: {
          ...process.env,
          AUDIT_HISTORY: join(dir, 'history.jsonl'),
          REFERENCE_PORTAL_URL: portal.portalUrl,
          REFERENCE_IDP_URL: portal.idpUrl,
          REFERENCE_USER_1: user.username,
          REFERENCE_PASSWORD_1: user.password,
          REFERENCE_IDLE_TIMEOUT_SECONDS: String(portal.idleTimeoutSeconds),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code, output).toBe(0);
    // The audit's opening check proved the file (loaded from outside the checkout) before its run started.
    expect(output).toMatch(/^check: reference-portal \(target file\): every signal and selector held/m);
    const summary = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')) as { target: string; results: Array<Record<string, unknown>> };
    expect(summary.target).toBe('reference-portal (target file)');
    expect(summary.results.map((r) => [r.scenario, r.preset, r.persona, r.verdict])).toEqual([['logout-revisit', 'fresh-default', 'default', 'passed']]);
    for (const written of ['junit.xml', 'report/index.html']) expect(existsSync(join(outDir, written)), written).toBe(true);
  } finally {
    await portal.stop();
  }
});
