import { readFileSync } from 'node:fs';
import { setCookiePair } from '../../drivers/cookie-parts';
import type { AuditDriver } from '../../drivers/driver';
import { createDriver } from '../../drivers';
import { personas } from '../../drivers/personas';
import { playwrightEvidence } from '../../reports/playwright-evidence';
import logoutReplay from '../../scenarios/logout-replay';
import { play } from '../../scenarios/scenario';
import { expect, test } from '../fixtures';

// Evidence must be shareable: no password typed into a form and no raw cookie value may reach an attachment
// or a verdict. A defect portal is used so the run has findings (their messages are checked too). The driver
// is wrapped to learn every raw cookie value the browser held, which is what must not leak.
test.use({ portalDefects: ['rp-session-not-destroyed'] });

function spying(driver: AuditDriver, seen: Set<string>): AuditDriver {
  return new Proxy(driver, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property === 'cookies') {
        return async () => {
          const cookies = await target.cookies();
          for (const c of cookies) if (c.value.length >= 8) seen.add(c.value);
          return cookies;
        };
      }
      if (property === 'takeExchanges') {
        // Cookies that lived only between two snapshots are seen in the Set-Cookie headers.
        return async () => {
          const exchanges = await target.takeExchanges();
          for (const line of exchanges.flatMap((e) => e.setCookies)) {
            const raw = setCookiePair(line).value;
            if (raw.length >= 8) seen.add(raw);
          }
          return exchanges;
        };
      }
      return value.bind(target);
    },
  });
}

test('no password or raw cookie value reaches the evidence of a run with findings', async ({ target }, testInfo) => {
  const rawValues = new Set<string>();
  const spec = { backend: 'playwright', browser: 'chromium', profile: 'fresh-default', persona: personas.default } as const;
  const driver = spying(createDriver(spec), rawValues);
  const user = target.users[0]!;
  try {
    await driver.launch();
    const result = await play(logoutReplay, {
      target,
      user,
      driver,
      newDriver: () => spying(createDriver(spec), rawValues),
      evidence: playwrightEvidence(testInfo),
    });
    expect(result.findings.map((f) => f.code)).toContain('SESSION_VALID_AFTER_LOGOUT');
    await testInfo.attach('verdict-under-test', { body: JSON.stringify(result), contentType: 'application/json' });
  } finally {
    await driver.dispose();
  }

  expect(rawValues.size, 'the spy saw the session cookies').toBeGreaterThan(3);
  const texts = testInfo.attachments
    .filter((a) => a.contentType !== 'image/png')
    .map((a) => ({ name: a.name, text: a.body ? a.body.toString('utf8') : readFileSync(a.path ?? '', 'utf8') }));
  expect(texts.length).toBeGreaterThan(10);
  for (const { name, text } of texts) {
    for (const secret of [...target.users.map((u) => u.password), ...rawValues]) {
      expect(text.includes(secret), `attachment "${name}" contains a secret (${secret.slice(0, 3)}…)`).toBe(false);
    }
  }
});
