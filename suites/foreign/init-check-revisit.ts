import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { auditSettings } from '../../audit/settings';
import { checkTarget } from '../../cli/check/target-check';
import { discoverTarget } from '../../cli/init/discover';
import { renderTarget } from '../../cli/init/write-target';
import { createRedactor } from '../../evidence/redact';
import { loadTargetFile } from '../../targets/define-target';
import { outcome, playOn } from './foreign-audit';

/**
 * A stranger's first audit of a running portal: `init` is given the page to audit and the names of the variables
 * holding a test user's credentials, nothing else; `check` proves the file it wrote with one live round; then
 * logout-revisit through that file alone must pass, as it does through the portal's hand-written target on the
 * clean portal (each portal's own spec proves that). The steps are the CLI's own functions, in this process.
 */
export async function initCheckRevisit(page: string, user: { username: string; password: string }): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'init-then-audit-'));
  const { executables } = auditSettings();
  const found = await discoverTarget({ url: page, usernameEnv: 'INIT_USER', passwordEnv: 'INIT_PASSWORD', ...user, executables });
  expect(found.missing, 'fields init could not find').toEqual([]);
  const text = renderTarget(found, `logout-audit init ${page}`);
  expect(text, 'no credential in the file').not.toContain(user.password);
  const file = join(dir, 'target.ts');
  writeFileSync(file, text);

  const target = await loadTargetFile(file, { INIT_USER: user.username, INIT_PASSWORD: user.password });
  const redactor = createRedactor();
  redactor.register(user.password);
  const check = await checkTarget(target, { outDir: join(dir, 'check'), redactor, executables, screenshots: 'problems' });
  expect(check.lines.filter((l) => !l.ok), text).toEqual([]);
  expect(check.lines.map((l) => l.field), 'check proved the login, the logged-in page and the logout').toEqual(
    expect.arrayContaining(['login.password', 'loggedIn', 'logout.done']),
  );

  expect(outcome(await playOn(target, 'logout-revisit')), text).toEqual({ verdict: 'passed', codes: [], reason: undefined });
}
