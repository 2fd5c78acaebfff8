import { existsSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { defectCatalogue } from '../../portal/defects';

// Every catalogued defect must have a spec proving it is caught; a defect without one is an untested promise.
for (const defect of defectCatalogue) {
  test(`defect ${defect.id} has a spec that expects it caught`, () => {
    const spec = `suites/defects/${defect.id}.spec.ts`;
    expect(existsSync(spec), `${spec} is missing`).toBe(true);
    const text = readFileSync(spec, 'utf8');
    expect(text).toContain(`expectCaught(`);
    for (const { code } of defect.caughtBy) expect(text, `${spec} should check ${code}`).toContain(code);
  });
}
