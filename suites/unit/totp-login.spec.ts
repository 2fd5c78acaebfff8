import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { generateSync } from 'otplib';
import { createRedactor } from '../../evidence/redact';
import { totpSecretOf } from '../../scenarios/steps/second-factor';
import { fileClaims, unusedTotpCode, type TotpClock } from '../../scenarios/steps/totp-code';
import { referenceTarget } from '../../targets/reference';
import { parseTarget } from '../../targets/target';
import { startPortal } from '../../portal/start';
import { totpSecretEnv } from '../../portal/totp-secrets';

// The harness's side of a TOTP login (login.totp): codes never typed twice within their window, the secret
// named by the target and read from the environment, and the secret and every code masked like a password.

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const PERIOD_MS = 30_000;
const codeAt = (ms: number) => generateSync({ secret: SECRET, epoch: Math.floor(ms / 1000), period: 30 });

/** A clock that stands still until the code waits, and then moves by exactly the wait. */
function steppedClock(start: number): TotpClock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

test('a second login in the same window waits for the next window and types its code, never the same one', async () => {
  const start = 1_800_000_000_000 + 12_345; // 12.345 s into a window
  const clock = steppedClock(start);
  const claims = fileClaims(mkdtempSync(join(tmpdir(), 'totp-claims-')));
  const first = await unusedTotpCode(SECRET, clock, claims);
  expect(first).toBe(codeAt(start));
  expect(clock.slept).toEqual([]);
  const second = await unusedTotpCode(SECRET, clock, claims);
  expect(second).toBe(codeAt(start + PERIOD_MS));
  expect(second).not.toBe(first);
  // One wait, to just past the window's turn: bounded by the period, whatever the machine's speed.
  expect(clock.slept).toHaveLength(1);
  expect(clock.slept[0]!).toBeGreaterThan(0);
  expect(clock.slept[0]!).toBeLessThanOrEqual(PERIOD_MS);
});

test('claims are shared through their folder: another process (another claims object) does not reuse the window', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'totp-claims-'));
  const start = 1_800_000_000_000;
  const workerA = await unusedTotpCode(SECRET, steppedClock(start), fileClaims(dir));
  const clockB = steppedClock(start + 1_000);
  const workerB = await unusedTotpCode(SECRET, clockB, fileClaims(dir));
  expect(workerB).not.toBe(workerA);
  expect(clockB.slept).toHaveLength(1);
  // Another secret (another user) has windows of its own.
  const other = steppedClock(start);
  await unusedTotpCode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', other, fileClaims(dir));
  expect(other.slept).toEqual([]);
});

test('the secret and every code are masked like a password; a code only where it stands as a word', () => {
  const redactor = createRedactor();
  const code = '482913';
  redactor.register(SECRET);
  redactor.register(code, 'word');
  const masked = redactor.text(
    `secret=${SECRET} "${encodeURIComponent(SECRET)}" fill #otp with ${code}; POST otp=${code}&x=1 {"otp":"${code}"} value="${code}" at 17650${code}12`,
  );
  expect(masked).not.toContain(SECRET);
  expect(masked).toBe('secret=•••••• "••••••" fill #otp with ••••••; POST otp=••••••&x=1 {"otp":"••••••"} value="••••••" at 17650482913' + '12');
  // An unregistered code in an otp= parameter is masked by the parameter's name alone.
  expect(createRedactor().text('/interaction/x/totp?otp=123456')).not.toContain('123456');
});

test('the reference target names each user\'s secret variable and holds no secret', async () => {
  const names = ['tolvan', 'elvan', 'tian'].map(totpSecretEnv);
  const saved = names.map((name) => [name, process.env[name]] as const);
  process.env[totpSecretEnv('elvan')] = SECRET; // a fixed secret given; the others are generated into the environment
  const portal = await startPortal({ mfa: 'totp' });
  try {
    const target = referenceTarget(portal);
    expect('totp' in target.login && target.login.totp).toEqual({ selector: '#otp', submit: '#verify-otp', secretEnv: 'REFERENCE_TOTP_SECRET_TOLVAN' });
    expect(target.users.map((u) => u.totpSecretEnv)).toEqual(names);
    const elvan = target.users.find((u) => u.id === 'elvan')!;
    expect(totpSecretOf(target, elvan)).toBe(SECRET);
    expect(totpSecretOf(target, elvan, {})).toBeUndefined();
    const generated = process.env[totpSecretEnv('tolvan')] ?? '';
    expect(generated).toMatch(/^[A-Z2-7]{32}$/); // 160 bits of base32
    for (const secret of [SECRET, generated]) expect(JSON.stringify(target)).not.toContain(secret);
    // Without mfa the reference target asks for no code.
    expect('totp' in referenceTarget({ ...portal, mfa: undefined }).login).toBe(false);
  } finally {
    await portal.stop();
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
});

test('login.totp is checked at load: a selector, and the name of a variable rather than a value', () => {
  const base = {
    name: 't',
    baseUrl: 'https://portal.example.se',
    protectedPaths: ['/me'],
    loggedIn: { selector: '#me' },
    loginRequired: { selector: '#password' },
    logout: { click: '#logout', done: { selector: '#bye' } },
    users: [{ id: 'a', username: 'a', password: 'b' }],
    policy: {},
  };
  const login = { username: '#u', password: '#password', submit: '#go' };
  expect(() => parseTarget({ ...base, login: { ...login, totp: { selector: '#otp', secretEnv: 'PORTAL_TOTP' } } })).not.toThrow();
  expect(() => parseTarget({ ...base, login: { ...login, totp: { selector: '', secretEnv: 'PORTAL_TOTP' } } })).toThrow(/login\.totp\.selector/);
  expect(() => parseTarget({ ...base, login: { ...login, totp: { selector: '#otp', secretEnv: 'JBSW Y3DP=' } } })).toThrow(/login\.totp\.secretEnv: the name of an environment variable/);
});
