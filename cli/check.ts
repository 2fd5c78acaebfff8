// logout-audit check --target FILE: one live round through a target file (cli/check/target-check.ts), proving
// every signal and selector it declares before an audit relies on them. Exit 0 fit for an audit, 2 with one line
// per problem and its fix (or on bad input).
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createRedactor } from '../evidence/redact';
import { loadTargetFile } from '../targets/define-target';
import type { Target } from '../targets/target';
import { checkTarget } from './check/target-check';
import { settingsOrExit } from './settings-or-exit';

const USAGE = `usage: logout-audit check --target FILE [--out DIR]
  One live round in Chromium through the target file: the protected page without a login (loginRequired),
  the login form's fields, the login (loggedIn), the protected page and its logout control (and userMenu,
  logout.everywhere), logout (logout.done), the protected page again. For each: what it matched, on which
  page, and a screenshot in DIR (default: out/check); for each problem, one line saying how to fix it.
  --target FILE   the target file (logout-audit init writes one)
  --out DIR       where the screenshots go (default: out/check; an earlier round's screenshots there are replaced)
  Exit: 0 the file is fit for an audit, 2 a signal or selector did not hold (one line each) or bad input.`;

function fail(message: string): never {
  console.error(`check: ${message}`);
  process.exit(2);
}

let values: { target?: string; out?: string; help?: boolean };
try {
  ({ values } = parseArgs({ options: { target: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
} catch (error) {
  fail(`${(error as Error).message} (logout-audit check --help)`);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.target) fail('name the target file: logout-audit check --target targets/portal.ts (logout-audit init <url> writes one)');
const settings = settingsOrExit('check');
let target: Target;
try {
  target = await loadTargetFile(values.target);
} catch (error) {
  fail((error as Error).message);
}
const outDir = resolve(values.out ?? 'out/check');
const redactor = createRedactor();
for (const user of target.users) redactor.register(user.password);
// Only an earlier round's screenshots go, never the folder: --out may be given any folder.
if (existsSync(outDir)) for (const f of readdirSync(outDir)) if (/^\d{2}-[\w-]+\.png$/.test(f)) rmSync(join(outDir, f), { force: true });
let report: Awaited<ReturnType<typeof checkTarget>>;
try {
  report = await checkTarget(target, { outDir, redactor, executables: settings.executables });
} catch (error) {
  fail(redactor.text((error as Error).message));
}
const shown = (file: string | undefined) => (file ? ` [${relative(process.cwd(), file)}]` : '');
for (const line of report.lines) {
  console.log(`${line.ok ? 'ok     ' : 'PROBLEM'} ${line.field}: ${redactor.text(line.text)}${shown(line.screenshot)}`);
  if (!line.ok && line.fix) console.log(`        fix: ${line.fix}`);
}
for (const note of report.notes) console.log(`note    ${redactor.text(note)}`);
const problems = report.lines.filter((l) => !l.ok);
if (problems.length > 0) {
  console.error(`check: ${values.target}: ${problems.length} problem(s): ${problems.map((p) => p.field).join(', ')}`);
  process.exit(2);
}
console.log(`check: ${values.target} is fit for an audit: logout-audit audit --target ${values.target}`);
