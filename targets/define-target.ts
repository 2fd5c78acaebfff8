import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { importTargetModule } from './import-target-module';
import { parseTarget, TargetError, targetSchema, type Target } from './target';

// A target file (targets/<name>.ts) describes a portal the harness did not build. Credentials never live in
// the file: each user names the environment variables that hold them, so the file can be committed and
// shared, and CI passes the values from its secret store.

const fileUserSchema = z.object({
  id: z.string().min(1),
  /** Environment variable holding the username, e.g. "PORTAL_USER_1". */
  usernameEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name, e.g. "PORTAL_USER_1"'),
  /** Environment variable holding the password, e.g. "PORTAL_PASSWORD_1". */
  passwordEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name, e.g. "PORTAL_PASSWORD_1"'),
  displayName: z.string().optional(),
  /** Environment variable holding this user's TOTP secret, where login.totp.secretEnv is another user's. */
  totpSecretEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name, e.g. "PORTAL_TOTP_SECRET_1"').optional(),
});

export const targetFileSchema = targetSchema.omit({ users: true }).extend({ users: z.array(fileUserSchema).min(1) });

export type TargetFile = z.input<typeof targetFileSchema>;

/** Types a target file; validation happens at load, with a message per wrong field. */
export function defineTarget(file: TargetFile): TargetFile {
  return file;
}

function fieldErrors(error: z.ZodError, source: string): TargetError {
  const lines = error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return new TargetError(`${source} is not valid:\n${lines.join('\n')}`);
}

/** Checks a target file's content and fills in the credentials from the environment. */
export function resolveTargetFile(input: unknown, env: NodeJS.ProcessEnv, source: string): Target {
  const parsed = targetFileSchema.safeParse(input);
  if (!parsed.success) throw fieldErrors(parsed.error, source);
  const totp = 'totp' in parsed.data.login ? parsed.data.login.totp : undefined;
  const secretEnvs = (u: { totpSecretEnv?: string | undefined }) => (totp ? [u.totpSecretEnv ?? totp.secretEnv] : []);
  const missing = parsed.data.users.flatMap((u) => [u.usernameEnv, u.passwordEnv, ...secretEnvs(u)]).filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new TargetError(`${source} needs credentials from the environment: set ${missing.join(', ')} (never write them into the file)`);
  }
  const users = parsed.data.users.map((u) => ({
    id: u.id,
    username: env[u.usernameEnv] ?? '',
    password: env[u.passwordEnv] ?? '',
    ...(u.displayName ? { displayName: u.displayName } : {}),
    ...(u.totpSecretEnv ? { totpSecretEnv: u.totpSecretEnv } : {}),
  }));
  return parseTarget({ ...parsed.data, users }, source);
}

/** Loads a target file from any path (absolute, or relative to the current directory): its default export, validated, with credentials resolved. */
export async function loadTargetFile(path: string, env: NodeJS.ProcessEnv = process.env): Promise<Target> {
  const absolute = resolve(path);
  const kind = existsSync(absolute) ? statSync(absolute) : undefined;
  if (!kind) throw new TargetError(`target file ${path} does not exist${path === absolute ? '' : ` (looked for ${absolute})`}: check the path, see docs/writing-a-target.md`);
  if (kind.isDirectory()) throw new TargetError(`target file ${path} is a directory: name the file itself, e.g. --target ${join(path, 'portal.ts')}`);
  let module: { default?: unknown };
  try {
    module = await importTargetModule(absolute);
  } catch (error) {
    throw new TargetError(`target file ${path} could not be loaded: ${firstErrorLine(error)}; fix the file (--debug shows the stack)`, { cause: error });
  }
  if (!module.default) throw new TargetError(`${path} has no default export: export default defineTarget({ ... })`);
  return resolveTargetFile(module.default, env, path);
}

/** esbuild's syntax errors come as "Transform failed with 1 error:\n<file>:<line>:<col>: ERROR: <what>": the line that says what. */
function firstErrorLine(error: unknown): string {
  const lines = (error instanceof Error ? error.message : String(error)).split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /\bERROR: /.test(l)) ?? lines[0] ?? 'unknown error';
}
