import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { tsEntry } from '../../cli/ts-entry';
import type { Summary } from '../../reports/summary';

// A portal that accepts the connection and never answers: the run ends broken in the step that met it, with
// one reason in summary.json, JUnit and Allure, not when the test's time runs out (the pending navigation used
// to hold every later look at the page, the evidence's included, until the 300 s test timeout).

const root = resolve('.');

function hungServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.on('data', () => undefined));
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ server, port: (server.address() as { port: number }).port })));
}

test('a portal that never answers: broken PORTAL_UNREACHABLE, the same reason in summary, JUnit and Allure', async () => {
  test.setTimeout(600_000);
  const { server, port } = await hungServer();
  const dir = mkdtempSync(join(tmpdir(), 'hung-portal-'));
  const target = join(dir, 'hung.ts');
  writeFileSync(target, `import { defineTarget } from '${join(root, 'targets/define-target')}';
export default defineTarget({
  name: 'hung', baseUrl: 'http://127.0.0.1:${port}', protectedPaths: ['/mina-sidor'],
  loggedIn: { selector: '#data' }, loginRequired: { selector: '#password' },
  login: { username: '#u', password: '#password', submit: '#go' }, logout: { click: '#out', done: { text: 'Utloggad' } },
  users: [{ id: 'a', usernameEnv: 'HUNG_USER', passwordEnv: 'HUNG_PASSWORD' }], policy: {},
});\n`);
  const out = join(dir, 'out');
  const child = spawn(process.execPath, [...tsEntry(join(root, 'cli/audit.ts')), '--target', target, '--scenarios', 'logout-revisit', '--presets', 'fresh-default', '--personas', 'default', '--out', out, '--no-check'], {
    cwd: root,
    env: { ...process.env, HUNG_USER: 'u', HUNG_PASSWORD: 'hung-portal-pw' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  server.close();
  expect(code, output).toBe(2);
  const [entry] = (JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary).results;
  expect(entry).toMatchObject({ verdict: 'broken', code: 'PORTAL_UNREACHABLE' });
  const reason = entry!.reason!;
  expect(reason).toMatch(/^PORTAL_UNREACHABLE in step "log in": could not open/);
  const results = readdirSync(join(out, 'allure-results')).filter((f) => f.endsWith('-result.json'));
  const allure = results.map((f) => JSON.parse(readFileSync(join(out, 'allure-results', f), 'utf8')) as { statusDetails?: { message?: string } });
  expect(allure.map((r) => r.statusDetails?.message ?? '').join('\n')).toContain(reason.split(':')[0]);
  expect(allure.map((r) => r.statusDetails?.message ?? '').join('\n')).not.toMatch(/Test timeout/);
  expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('PORTAL_UNREACHABLE in step');
});
