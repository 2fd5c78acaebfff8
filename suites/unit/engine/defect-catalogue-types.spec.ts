import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { defectCatalogue } from '../../../portal/defects';
import { scenarioById } from '../../../scenarios/catalogue';

// The defect catalogue names scenarios and finding codes by their types (ScenarioId, FindingCode), imported as
// types only from scenarios/. That is no import cycle as long as nothing the scenarios import reaches portal/,
// and the portal at run time loads nothing of the harness: both are checked here.

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** Relative imports of a TypeScript file, type-only ones included (tsc follows those too). */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'";]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)].map((m) => m[1] ?? m[2]!);
  return specifiers
    .filter((s) => s.startsWith('.'))
    .map((s) => resolve(dirname(file), s))
    .map((p) => [`${p}.ts`, join(p, 'index.ts'), p].find((c) => existsSync(c) && c.endsWith('.ts')))
    .filter((p): p is string => p !== undefined);
}

function reachable(from: string): Set<string> {
  const seen = new Set<string>();
  const queue = [from];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...imports(file));
  }
  return seen;
}

test('nothing the scenario catalogue imports, types included, reaches portal/: the defect catalogue typing makes no cycle', () => {
  const files = [...reachable(join(root, 'scenarios/catalogue.ts')), ...reachable(join(root, 'scenarios/verdict.ts'))].map((f) => relative(root, f));
  expect(files).toContain('scenarios/steps/navigation.ts'); // the walk does follow the imports
  // ...type-only ones too: from the defect catalogue it reaches the scenarios (and would report portal/ files).
  expect([...reachable(join(root, 'portal/defects.ts'))].map((f) => relative(root, f))).toEqual(expect.arrayContaining(['portal/defects.ts', 'scenarios/verdict.ts', 'scenarios/steps/navigation.ts']));
  expect(files.filter((f) => f.startsWith('portal/'))).toEqual([]);
});

test('portal/ takes only types from the harness, so the portal runs without it', () => {
  for (const file of ['portal/defects.ts']) {
    const text = readFileSync(join(root, file), 'utf8');
    const harness = [...text.matchAll(/^import\s+(type\s+)?[^;]*from\s+'(\.\.\/[^']+)'/gm)];
    expect(harness.length).toBeGreaterThan(0);
    for (const [line, typeOnly] of harness) expect(typeOnly, `${file}: ${line}`).toBeTruthy();
  }
});

test('every defect is caught by a catalogued scenario with a code that scenario can report', () => {
  for (const defect of defectCatalogue) {
    for (const { scenario, code } of defect.caughtBy) {
      expect(scenarioById(scenario).findingCodes, `${defect.id}: ${scenario} ${code}`).toContain(code);
    }
  }
});
