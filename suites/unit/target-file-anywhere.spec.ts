import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { loadTargetFile } from '../../targets/define-target';

// Target files kept outside the checkout, loaded here inside a Playwright worker (as the audit's workers load
// them): TypeScript or JavaScript, by package name or by path, absolute or relative, with no package.json
// beside them or a CommonJS one. A plain import() failed here with "Unexpected token 'export'".

const definePath = resolve('targets/define-target.ts');
const env = { T_USER: 'u', T_PASSWORD: 'p' };
const body = (name: string) => `{
  name: '${name}', baseUrl: 'http://127.0.0.1:8181', protectedPaths: ['/p'],
  loggedIn: { selector: '#data' }, loginRequired: { selector: '#pw' },
  login: { username: '#u', password: '#pw', submit: '#go' }, logout: { click: '#out', done: { text: 'bye' } },
  users: [{ id: 'a', usernameEnv: 'T_USER', passwordEnv: 'T_PASSWORD' }], policy: {},
}`;

function write(dir: string, name: string, from: string, targetName: string): string {
  const path = join(dir, name);
  writeFileSync(path, `import { defineTarget } from '${from}';\nexport default defineTarget(${body(targetName)});\n`);
  return path;
}

test('a target file anywhere on disk loads as .ts, .js or .mjs, importing defineTarget by package name or by path', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'region-targets-'));
  const files = [
    write(dir, 'by-name.ts', 'logout-audit', 'by-name-ts'),
    write(dir, 'by-path.ts', definePath, 'by-path-ts'),
    write(dir, 'plain.js', 'logout-audit', 'by-name-js'),
    write(dir, 'plain-module.mjs', 'logout-audit', 'by-name-mjs'),
  ];
  const names = await Promise.all(files.map(async (f) => (await loadTargetFile(f, env)).name));
  expect(names).toEqual(['by-name-ts', 'by-path-ts', 'by-name-js', 'by-name-mjs']);
  expect((await loadTargetFile(relative(process.cwd(), files[0]!), env)).name).toBe('by-name-ts');
});

test('a target file in a CommonJS package (package.json without "type") loads by package name too', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'region-repo-')), 'targets');
  mkdirSync(dir);
  writeFileSync(join(dir, '..', 'package.json'), '{ "name": "region-targets", "private": true }');
  expect((await loadTargetFile(write(dir, 'portal.ts', 'logout-audit', 'in-cjs-package'), env)).name).toBe('in-cjs-package');
});
