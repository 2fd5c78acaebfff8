// Module resolution hooks (node:module register) for target files kept outside this package, wherever a
// region keeps them. Plain JavaScript: hooks run in Node's loader thread, before any TypeScript loader helps.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

let packageJsonUrl;
let packageRoot;

export function initialize(data) {
  packageJsonUrl = data.packageJsonUrl;
  packageRoot = dirname(fileURLToPath(packageJsonUrl));
}

export async function resolve(specifier, context, nextResolve) {
  // There is no node_modules/logout-audit beside a target file: the name resolves as the package resolves its
  // own name (Node's self-reference, through package.json "exports").
  const own = specifier === 'logout-audit' || specifier.startsWith('logout-audit/');
  const resolved = await nextResolve(specifier, own ? { ...context, parentURL: packageJsonUrl } : context);
  return writtenAsModuleOutsidePackages(resolved.url) ? { ...resolved, format: 'module' } : resolved;
}

/**
 * A target file is written as an ES module (`export default defineTarget(...)`), but where no package.json
 * with "type": "module" lies beside it, .ts and .js count as CommonJS: tsx would turn its imports into
 * require() calls, which know nothing of the hook above. So a .ts/.js file outside this package and outside
 * node_modules, in no "type": "module" scope, whose source has import/export statements, is loaded as the ES
 * module it is: what Node's own module syntax detection does for .js.
 */
function writtenAsModuleOutsidePackages(url) {
  if (!url.startsWith('file:') || !/\.(ts|tsx|js|jsx)$/.test(new URL(url).pathname)) return false;
  const path = fileURLToPath(url);
  if (path.startsWith(`${packageRoot}${sep}`) || path.includes(`${sep}node_modules${sep}`)) return false;
  if (scopeType(dirname(path)) === 'module') return false;
  return /^\s*(?:import\s*[\w{*'"]|export\s)/m.test(readFileSync(path, 'utf8'));
}

/** The "type" of the nearest package.json, as Node finds a file's package scope. */
function scopeType(dir) {
  for (let d = dir; ; d = dirname(d)) {
    const manifest = join(d, 'package.json');
    if (existsSync(manifest)) {
      try {
        return JSON.parse(readFileSync(manifest, 'utf8')).type;
      } catch {
        return undefined;
      }
    }
    if (dirname(d) === d) return undefined;
  }
}
