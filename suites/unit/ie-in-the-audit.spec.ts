import { expect, test } from '@playwright/test';
import { auditBrowserById } from '../../drivers/audit-browsers';
import { requireBrowser } from '../../drivers/browser-preflight';
import { driverName, driverSpecFor, impossibleRun } from '../../drivers';
import { personas } from '../../drivers/personas';

// A real IE in the audit (issue #5): `--browsers internet-explorer,edge-ie-mode --grid URL`. What it cannot do as
// asked is skipped with the reason before any session is requested, never run as something else.

const GRID = 'http://grid-hub.example.internal:4444';

for (const id of ['internet-explorer', 'edge-ie-mode']) {
  test(`${id} exists only on a grid node, asked for by its W3C name`, () => {
    const browser = auditBrowserById(id);
    expect(browser).toMatchObject({ backend: 'selenium', gridOnly: true, gridBrowserName: 'internet explorer' });
    expect(() => requireBrowser(browser, {})).toThrow(`${id} runs only on a Windows grid node: pass --grid URL`);
    expect(() => requireBrowser(browser, { gridUrl: GRID })).not.toThrow();
  });

  test(`${id}: the IE persona and restore-session are skipped with the reason, fresh-default with its own User-Agent runs`, () => {
    const { backend, browser } = auditBrowserById(id);
    const machine = { gridUrl: GRID };
    const spec = (preset: 'fresh-default' | 'restore-session', persona: keyof typeof personas) => driverSpecFor(backend, browser, preset, personas[persona], machine);
    expect(impossibleRun(spec('fresh-default', 'ie11'))).toMatch(/sends its own User-Agent: the ie11 persona is for other engines/);
    expect(impossibleRun(spec('restore-session', 'default'))).toMatch(/own setting on the Windows node \("Start with tabs from the last session"\)/);
    expect(impossibleRun(spec('fresh-default', 'default'))).toBeUndefined();
    expect(driverName(spec('fresh-default', 'default'))).toBe(`selenium:${browser}@grid`);
  });
}

test('every other browser makes every run it is asked for', () => {
  for (const id of ['chromium', 'firefox', 'selenium-chromium']) {
    const { backend, browser } = auditBrowserById(id);
    expect(impossibleRun(driverSpecFor(backend, browser, 'restore-session', personas.ie11, {}))).toBeUndefined();
  }
});
