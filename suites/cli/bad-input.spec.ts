import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';

// Bad input is found before any browser starts, exits 2, and says what to fix.

const root = resolve('.');
function audit(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'cli/audit.ts'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

function targetFile(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'target-'));
  const path = join(dir, 'portal.ts');
  writeFileSync(path, `import { defineTarget } from '${join(root, 'targets/define-target')}';\nexport default defineTarget(${body});\n`);
  return path;
}

const valid = `{
  name: 'x', baseUrl: 'https://portal.example.se', protectedPaths: ['/mina-sidor'],
  loggedIn: { selector: '#data' }, loginRequired: { selector: '#password' },
  login: { username: '#u', password: '#password', submit: '#go' }, logout: { click: '#out', done: { text: 'Utloggad' } },
  users: [{ id: 'a', usernameEnv: 'X_USER', passwordEnv: 'X_PASSWORD' }], policy: {},
}`;

test('a target file with a wrong field exits 2 and names the field', () => {
  const { code, out } = audit(['--target', targetFile(valid.replace("'https://portal.example.se'", "'portal.example.se'")), '--list'], { X_USER: 'u', X_PASSWORD: 'p' });
  expect(code).toBe(2);
  expect(out).toMatch(/baseUrl: an absolute URL/);
});

test('a missing credential variable exits 2 and names it', () => {
  const { code, out } = audit(['--target', targetFile(valid), '--list'], { X_USER: 'u', X_PASSWORD: '' });
  expect(code).toBe(2);
  expect(out).toContain('set X_PASSWORD');
});

test('a valid target file lists the planned matrix', () => {
  const { code, out } = audit(['--target', targetFile(valid), '--list', '--scenarios', 'logout-revisit', '--presets', 'fresh-default'], { X_USER: 'u', X_PASSWORD: 'p' });
  expect(code).toBe(0);
  expect(out).toContain('target: x');
  expect(out).toMatch(/logout-revisit\tchromium\tfresh-default\tdefault\nlogout-revisit\tchromium\tfresh-default\tie11\n2 runs/);
});

test('an unknown scenario, defect or option exits 2 with the valid names', () => {
  expect(audit(['--scenarios', 'logout-nowhere', '--list'])).toMatchObject({ code: 2, out: expect.stringMatching(/unknown scenario "logout-nowhere".*logout-revisit/) });
  expect(audit(['--portal-defects', 'no-such-defect', '--list'])).toMatchObject({ code: 2, out: expect.stringMatching(/unknown defect id "no-such-defect"/) });
  expect(audit(['--colour', 'red'])).toMatchObject({ code: 2, out: expect.stringMatching(/Unknown option '--colour'/) });
});

test('a wrong reboot hook variable exits 2 and names it, before any browser starts', () => {
  const { code, out } = audit(['--list', '--scenarios', 'logout-reboot'], { AUDIT_REBOOT_HOOK: 'true', AUDIT_REBOOT_HOOK_TIMEOUT: 'soon' });
  expect(code).toBe(2);
  expect(out).toMatch(/bad reboot hook configuration:\s+AUDIT_REBOOT_HOOK_TIMEOUT="soon"/);
});

test('a real Internet Explorer without --grid exits 2 and says where it runs', () => {
  const { code, out } = audit(['--browsers', 'internet-explorer', '--list']);
  expect(code).toBe(2);
  expect(out).toContain('internet-explorer runs only on a Windows grid node: pass --grid URL');
});
