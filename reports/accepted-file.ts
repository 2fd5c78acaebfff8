import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { z } from 'zod';
import { scenarioCatalogue } from '../scenarios/catalogue';
import { findingCodes } from '../scenarios/verdict';
import { InputError } from '../errors/audit-error';

// Accepted findings: a portal's owner may accept a known weakness for a while (a fix is planned, the risk is
// judged small). The file lives beside the target (targets/<name>.accepted.json) and is checked at load like a
// target, one line per wrong field, before any browser starts. An acceptance always ends: an owner renews it
// on purpose, it never becomes a permanent exception by being forgotten.

const day = z.iso.date({ error: 'a date as YYYY-MM-DD, e.g. "2027-03-31" (the last day the acceptance holds)' });
const text = (example: string) => z.string().trim().min(1, { error: `not empty, e.g. "${example}"` });

export const acceptanceSchema = z
  .strictObject({
    scenario: z.enum(scenarioCatalogue.map((s) => s.id) as [string, ...string[]], {
      error: (issue) => `unknown scenario ${JSON.stringify(issue.input)}: use one of ${scenarioCatalogue.map((s) => s.id).join(', ')}`,
    }),
    code: z.enum(findingCodes, { error: (issue) => `unknown finding code ${JSON.stringify(issue.input)}: use one of ${findingCodes.join(', ')}` }),
    /** Why the owner accepts it: shown beside the finding in every summary and notification. */
    reason: text('fix planned in release 4.2; IE11 is blocked at the proxy'),
    /** Who accepted it (a name or role, never a credential). */
    acceptedBy: text('Anna Svensson, portal owner'),
    /** The last day (UTC) the acceptance holds; from the day after, the finding fails the gate again. */
    expires: day,
    /** Only with several targets in one --accepted file: the target's name; absent, every audited target. */
    target: z.string().min(1).optional(),
  })
  .superRefine((a, ctx) => {
    const scenario = scenarioCatalogue.find((s) => s.id === a.scenario);
    if (scenario && !(scenario.findingCodes as string[]).includes(a.code)) {
      ctx.addIssue({ code: 'custom', path: ['code'], message: `${a.scenario} never reports ${a.code}: its codes are ${scenario.findingCodes.join(', ')}` });
    }
  });

export const acceptedFileSchema = z.strictObject({
  $comment: z.string().optional(),
  accepted: z.array(acceptanceSchema),
});

export type Acceptance = z.infer<typeof acceptanceSchema>;

/** The acceptances of `file`, checked; every wrong field named with its path, as a target's are. */
export function parseAcceptedFile(input: unknown, source: string): Acceptance[] {
  const parsed = acceptedFileSchema.safeParse(input);
  if (parsed.success) return parsed.data.accepted;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new InputError(`${source} is not valid:\n${lines.join('\n')}`);
}

export function loadAcceptedFile(file: string): Acceptance[] {
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`accepted findings ${file} cannot be read as JSON: ${(error as Error).message}`);
  }
  return parseAcceptedFile(input, `accepted findings ${file}`);
}

/** targets/production.ts -> targets/production.accepted.json: the file beside a target, whether it exists or not. */
export function acceptedFileBeside(targetFile: string): string {
  return join(dirname(targetFile), `${basename(targetFile, extname(targetFile))}.accepted.json`);
}

/**
 * The acceptances of a run: the --accepted file when given (it must exist), else the files beside the target
 * files that have one, each acceptance then bound to its own target's name.
 */
export function acceptancesOfRun(given: string | undefined, targets: { file: string; name: string }[]): { files: string[]; acceptances: Acceptance[] } {
  if (given) {
    if (!existsSync(given)) throw new InputError(`--accepted ${given} does not exist: give the accepted-findings file (docs/nightly.md shows one)`);
    return { files: [given], acceptances: loadAcceptedFile(given) };
  }
  const beside = targets.filter((t) => t.file).map((t) => ({ name: t.name, file: acceptedFileBeside(t.file) })).filter((t) => existsSync(t.file));
  return {
    files: beside.map((t) => t.file),
    acceptances: beside.flatMap((t) => loadAcceptedFile(t.file).map((a) => ({ ...a, target: a.target ?? t.name }))),
  };
}
