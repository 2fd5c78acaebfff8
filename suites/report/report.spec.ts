import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../drivers/browsers';
import { testUsers } from '../../portal/users';
import { tsEntry } from '../../cli/ts-entry';
import { auditSettings } from '../../audit/settings';

// What an auditor receives: the report built by the audit command, opened as they would open it (from disk,
// in a browser), its manifest, and its history across two runs. The portal has a defect, so there is a finding.

test.describe.configure({ mode: 'serial', timeout: 300_000 });

const root = resolve('.');
const work = mkdtempSync(join(tmpdir(), 'report-spec-'));
const out = join(work, 'out');
const history = join(work, 'history.jsonl');

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [...tsEntry(join(root, script)), ...args], {
    cwd: root,
    env: { ...process.env, AUDIT_HISTORY: history, AUDIT_SIGNING_KEY: 'report-spec-key', ...env },
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => (statSync(join(dir, e)).isDirectory() ? files(join(dir, e)) : [join(dir, e)]));
}

test.beforeAll(() => {
  const args = ['--portal-defects', 'rp-session-not-destroyed', '--scenarios', 'logout-replay,logout-revisit', '--presets', 'fresh-default', '--personas', 'default', '--out', out];
  for (let i = 0; i < 2; i++) {
    const audit = run('cli/audit.ts', args);
    expect(audit.code, audit.out).toBe(1);
    expect(audit.out).toContain('SESSION_VALID_AFTER_LOGOUT');
    expect(audit.out).toContain(`HTML report: ${join(out, 'report', 'index.html')}`);
  }
});

test('two audits with the same history path leave both runs in the history', () => {
  expect(readFileSync(history, 'utf8').trim().split('\n')).toHaveLength(2);
});

test('the report opened from disk shows the results, and the failed one shows its evidence', async () => {
  const browser = await chromium.launch({ executablePath: findChromium(auditSettings().executables).path, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!/^(file|data|blob):/.test(r.url())) outside.push(r.url());
    });
    await page.goto(pathToFileURL(join(out, 'report', 'index.html')).href);
    await expect(page.getByText('Failed 1').first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText('Passed 1').first()).toBeVisible();
    // The tree is grouped (target > scenario > sentence); the report's own search finds a result.
    await page.getByPlaceholder('Search tests').fill('logout-replay');
    await page.getByText('logout-replay [fresh-default, default]').first().click();
    await expect(page.getByText('SESSION_VALID_AFTER_LOGOUT').first()).toBeVisible();
    await expect(page.getByText('Session survives logout').first()).toBeVisible();
    await page.getByText('Attachments').first().click();
    await expect(page.getByText(/screenshot/).first()).toBeVisible();
    await expect(page.getByText('image/jpeg').first()).toBeVisible();
    expect(outside, 'the report makes no request to any server').toEqual([]);
  } finally {
    await browser.close();
  }
});

test('no test user password appears anywhere in the output', () => {
  const secrets = testUsers.map((u) => u.password);
  for (const file of files(out)) {
    const text = readFileSync(file).toString('latin1');
    for (const secret of secrets) expect(text.includes(secret), `${file} contains a password`).toBe(false);
  }
});

test('verify passes on the fresh run and names the file after one attachment byte is changed', () => {
  expect(run('cli/verify.ts', [out])).toMatchObject({ code: 0, out: expect.stringContaining('signature: valid') });
  const attachment = files(join(out, 'allure-results')).find((f) => f.endsWith('-attachment.json'))!;
  const bytes = readFileSync(attachment);
  bytes[bytes.length - 2] = bytes[bytes.length - 2]! ^ 1;
  writeFileSync(attachment, bytes);
  const tampered = run('cli/verify.ts', [out]);
  expect(tampered.code).toBe(1);
  expect(tampered.out).toContain(`ALTERED  allure-results/${attachment.split('/').pop()}`);
});
