import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { startPortal, type DefectId, type RunningPortal } from '../../portal/start';
import type { Summary } from '../../reports/summary';
import type { ChangeNotice } from '../../reports/change-notice';
import { tsEntry } from '../../cli/ts-entry';

// Three nights of one plan against a portal, through the real CLI in a real browser, as a nightly CI runs it:
// the history (AUDIT_HISTORY) kept between runs, each run its own --out. Night 1 the portal is clean; night 2 its
// logout leaves the session alive (a deploy changed it): the finding is `new`, posted to a webhook on loopback,
// exit 1; night 3 the owner has accepted it until a date: still shown, marked accepted, exit 0.

const root = resolve('.');
const example = readFileSync(join(root, 'targets/examples/reference-portal.ts'), 'utf8');
const plan = ['--scenarios', 'logout-revisit', '--presets', 'fresh-default', '--personas', 'default', '--workers', '1'];
const FINDING = 'LOGIN_NOT_REQUIRED_AFTER_LOGOUT';

/** A webhook receiver on loopback: every body posted to it, parsed. */
async function startReceiver(): Promise<{ url: string; bodies: unknown[]; server: Server }> {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      bodies.push(JSON.parse(body));
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  // A path like a real webhook's, whose key must never be printed.
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/secret-webhook-key`, bodies, server };
}

/** Not spawnSync: the portal and the receiver answer from this process, whose event loop must keep running. */
async function audit(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [...tsEntry(join(root, 'cli/audit.ts')), ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  return { code, out };
}

function portalEnv(portal: RunningPortal): Record<string, string> {
  const user = portal.users[0]!;
  return {
    REFERENCE_PORTAL_URL: portal.portalUrl,
    REFERENCE_IDP_URL: portal.idpUrl,
    REFERENCE_USER_1: user.username,
    REFERENCE_PASSWORD_1: user.password,
    REFERENCE_IDLE_TIMEOUT_SECONDS: String(portal.idleTimeoutSeconds),
  };
}

const summaryOf = (out: string) => JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;

/** A night: the portal as it is that night, audited with the same plan and history. */
async function night(dir: string, n: number, defects: DefectId[], extra: string[], hook: string): Promise<{ code: number | null; out: string; summary: Summary; dir: string }> {
  // Long idle timeout: logout-revisit does not idle, so no verdict may depend on the machine's speed.
  const portal = await startPortal({ idleTimeoutSeconds: 900, defects });
  try {
    const outDir = join(dir, `out-${n}`);
    const env = { ...portalEnv(portal), AUDIT_HISTORY: join(dir, 'history', 'history.jsonl') };
    // --no-check: each night's opening check would only add a round (suites/cli/audit-check.spec.ts proves it).
    const { code, out } = await audit(['--target', join(dir, 'portal.ts'), ...plan, '--out', outDir, '--notify', hook, '--no-check', ...extra], env);
    expect(out, 'the webhook URL (its key) is never printed').not.toContain('secret-webhook-key');
    expect(out, 'the password is never printed').not.toContain(portal.users[0]!.password);
    return { code, out, summary: summaryOf(outDir), dir: outDir };
  } finally {
    await portal.stop();
  }
}

test('night 2 marks the finding new, posts it and exits 1; night 3 with it accepted exits 0 and says so', async () => {
  // Three single-run audits with their reports: 2.5 min at load 13 on 2 cores, 6.3 min at load 41.
  test.setTimeout(720_000);
  const dir = mkdtempSync(join(tmpdir(), 'nightly-'));
  writeFileSync(join(dir, 'portal.ts'), example);
  const receiver = await startReceiver();
  try {
    // Night 1: clean. Nothing to tell: no notification.
    const first = await night(dir, 1, [], [], receiver.url);
    expect(first.code, first.out).toBe(0);
    expect(first.summary.changes).toMatchObject({ baseline: 'no previous run of this plan', counts: { new: 0, fixed: 0, 'newly undecided': 0, still: 1 } });
    expect(first.out).toContain('nothing changed since the previous run, none sent');
    expect(receiver.bodies).toEqual([]);

    // Night 2: the logout no longer ends the session. New since night 1, posted, exit 1.
    const second = await night(dir, 2, ['rp-logout-local-only'], [], receiver.url);
    expect(second.code, second.out).toBe(1);
    const entry = second.summary.results[0]!;
    expect([entry.verdict, entry.change, entry.findings.map((f) => f.code)]).toEqual(['failed', 'new', [FINDING]]);
    expect(second.summary.changes?.since).toBe(first.summary.finishedAt);
    expect(second.out).toMatch(new RegExp(`FAILED\\s+NEW\\s+logout-revisit`));
    expect(second.out).toContain(`Changes since ${first.summary.finishedAt.slice(0, 10)}`);
    expect(receiver.bodies).toHaveLength(1);
    const notice = receiver.bodies[0] as ChangeNotice;
    expect(notice).toMatchObject({ tool: 'logout-audit', exitCode: 1, since: first.summary.finishedAt, counts: { new: 1 } });
    expect(notice.new).toEqual([expect.objectContaining({ scenario: 'logout-revisit', verdict: 'failed', codes: [FINDING], accepted: false })]);
    // The report carries the change: the audit result is tagged with it.
    const results = join(second.dir, 'allure-results');
    const tags = readdirSync(results)
      .filter((f) => f.endsWith('-result.json'))
      .flatMap((f) => (JSON.parse(readFileSync(join(results, f), 'utf8')) as { labels: { name: string; value: string }[] }).labels.filter((l) => l.name === 'tag').map((l) => l.value));
    expect(tags.some((t) => t.startsWith('new since '))).toBe(true);

    // Night 3: the owner accepts it until a date to come. Still shown, marked accepted, exit 0; told anyway
    // (--notify-always), in Slack's format.
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const accepted = { accepted: [{ scenario: 'logout-revisit', code: FINDING, reason: 'fix planned in release 4.2', acceptedBy: 'Anna Svensson, portal owner', expires: until }] };
    writeFileSync(join(dir, 'portal.accepted.json'), JSON.stringify(accepted));
    const third = await night(dir, 3, ['rp-logout-local-only'], ['--notify-always', '--notify-format', 'slack'], receiver.url);
    expect(third.code, third.out).toBe(0);
    const still = third.summary.results[0]!;
    expect([still.verdict, still.change, still.accepted?.map((a) => [a.code, a.expires])]).toEqual(['failed', 'still', [[FINDING, until]]]);
    expect(third.summary.acceptances).toMatchObject({ used: [expect.objectContaining({ code: FINDING })], expired: [], unused: [] });
    expect(third.out).toContain('FAILED (accepted)');
    expect(third.out).toContain(`accepted: logout-revisit ${FINDING} (playwright:chromium fresh-default default) until ${until}, by Anna Svensson, portal owner: fix planned in release 4.2`);
    expect(receiver.bodies).toHaveLength(2);
    const slack = receiver.bodies[1] as { text: string; blocks: { text: { text: string } }[] };
    expect(slack.text).toContain('passed (exit 0)');
    expect(slack.text).toContain('0 new');
  } finally {
    receiver.server.close();
  }
});
