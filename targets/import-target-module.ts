import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

// A target file lives wherever its region keeps it (its own repository, not this one), as .ts, .js or .mjs.
// A plain import() of such a file works only where a TypeScript loader covers it and a package.json beside it
// says "type": "module": the CLI (run by tsx) loaded it, Playwright's workers did not ("Unexpected token
// 'export'"). tsx's programmatic import compiles it the same way in every process, whatever lies beside it.

let packageNameResolvable = false;

/** Lets a target file anywhere on disk import `logout-audit` by name (package-name-hook.mjs says how). */
function resolvePackageNameFromAnywhere(): void {
  if (packageNameResolvable) return;
  packageNameResolvable = true;
  register(new URL('./package-name-hook.mjs', import.meta.url), {
    data: { packageJsonUrl: new URL('../package.json', import.meta.url).href },
  });
}

/** Imports the module at an absolute path, TypeScript or JavaScript, ESM or CommonJS. */
export async function importTargetModule(absolutePath: string): Promise<{ default?: unknown }> {
  resolvePackageNameFromAnywhere();
  return (await tsImport(pathToFileURL(absolutePath).href, { parentURL: import.meta.url })) as { default?: unknown };
}
