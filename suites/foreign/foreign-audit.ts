import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { createDriver, createProbeSource } from '../../drivers';
import { personas } from '../../drivers/personas';
import type { DefectEntry } from '../../portal/defects';
import { playwrightEvidence } from '../../audit/playwright-evidence';
import { scenarioById, scenarioCatalogue } from '../../scenarios/catalogue';
import { playRound } from '../../scenarios/scenario';
import { sharedRoundOf } from '../../scenarios/shared-round';
import type { ScenarioResult } from '../../scenarios/verdict';
import { resolveTargetFile, type TargetFile } from '../../targets/define-target';
import type { Target } from '../../targets/target';
import type { RunningForeignPortal } from './loopback';
import { auditSettings } from '../../audit/settings';
import { playUntilPremiseHeld } from '../../audit/run-scenario';

// One audit of a foreign portal through its target file alone: the spec starts the portal on ephemeral ports,
// so only the URLs the file reads from the environment are filled in; no scenario or driver knows the portal.

export interface ForeignPortal<Defect extends string> {
  /** The target file's default export, as a user would write it. */
  file: TargetFile;
  source: string;
  /** The environment the target file reads: credentials, and URLs from the running portal. */
  env: (portal: RunningForeignPortal) => NodeJS.ProcessEnv;
  /** The target file evaluated with that environment (it reads its URLs at import time, so they are set here). */
  urls: (portal: RunningForeignPortal) => Partial<TargetFile>;
  start: (defects: readonly Defect[]) => Promise<RunningForeignPortal>;
}

export async function auditForeign<D extends string>(portal: ForeignPortal<D>, scenarioId: string, defects: readonly D[] = []): Promise<ScenarioResult> {
  const running = await portal.start(defects);
  try {
    return await playOn(resolveTargetFile({ ...portal.file, ...portal.urls(running) }, portal.env(running), portal.source), scenarioId);
  } finally {
    await running.stop();
  }
}

/** Scenarios played as one shared round (scenarios/shared-round.ts) against one start of the portal: one result each. */
export async function auditForeignRound<D extends string>(portal: ForeignPortal<D>, scenarioIds: readonly string[], defects: readonly D[] = []): Promise<ScenarioResult[]> {
  const running = await portal.start(defects);
  try {
    return await playRoundOn(resolveTargetFile({ ...portal.file, ...portal.urls(running) }, portal.env(running), portal.source), scenarioIds);
  } finally {
    await running.stop();
  }
}

/**
 * The result of each scenario of `round` (scenarios/shared-round.ts, the members an audit plays together) from
 * one round against one clean start of the portal, played by the first test that asks, once per worker; a
 * scenario outside the round is played on its own. The round's tests go in one `mode: 'default'` describe, so
 * they run in order in one worker.
 */
export function resultsWithSharedRound<D extends string>(portal: () => ForeignPortal<D>, round: readonly string[]): (scenarioId: string) => Promise<ScenarioResult> {
  let played: Promise<ScenarioResult[]> | undefined;
  return async (scenarioId) => {
    if (!round.includes(scenarioId)) return auditForeign(portal(), scenarioId);
    played ??= auditForeignRound(portal(), round);
    return (await played)[round.indexOf(scenarioId)]!;
  };
}

/** One scenario against a running portal, through `target` alone, in Chromium under the browser's defaults. */
export async function playOn(target: Target, scenarioId: string): Promise<ScenarioResult> {
  // As an audit plays a run (audit/run-scenario.ts): a power cut that came after the browser had already written
  // its logged-out state (CUT_CAME_LATE, a loaded machine) is played again, so no verdict hangs on its speed.
  return playUntilPremiseHeld(async () => (await playRoundOn(target, [scenarioId]))[0]!);
}

/** Scenarios in one round (one: play() of it) against a running portal, as playOn plays one. */
async function playRoundOn(target: Target, scenarioIds: readonly string[]): Promise<ScenarioResult[]> {
  const spec = { backend: 'playwright', browser: 'chromium', profile: 'fresh-default', persona: personas.default, executables: auditSettings().executables } as const;
  const driver = createDriver(spec);
  try {
    return await playRound(scenarioIds.map(scenarioById), {
      target,
      user: target.users[0]!,
      nextUser: target.users[1],
      driver,
      newDriver: () => createDriver(spec),
      probes: createProbeSource(spec),
      evidence: playwrightEvidence(test.info()),
    });
  } finally {
    await driver.dispose();
  }
}

/** What a test compares: the verdict, the finding codes and the reason (a broken run's reason is the diagnosis). */
export const outcome = (r: ScenarioResult) => ({ verdict: r.verdict, codes: r.findings.map((f) => f.code), reason: r.reason });

/** Every catalogued defect has a branch tagged `// defect: <id>` in the portal's source, and no tag names an unknown id. */
export function defectTags(sourceFile: URL, catalogue: readonly DefectEntry[]): { missing: string[]; unknown: string[] } {
  const tagged = new Set([...readFileSync(sourceFile, 'utf8').matchAll(/\/\/ defect: ([a-z0-9-]+)/g)].map((m) => m[1]!));
  const ids = new Set(catalogue.map((d) => d.id));
  return { missing: [...ids].filter((id) => !tagged.has(id)), unknown: [...tagged].filter((id) => !ids.has(id)) };
}

/**
 * The tests of one foreign portal: each catalogued defect is caught by every scenario its entry names, each with
 * its code and no other, and the clean portal passes each of those scenarios (the catch's negative control: the
 * same run without the defect gives no finding); the scenarios the portal lacks a feature for are skipped with
 * the reason given here, never broken. A scenario none of the portal's defects is caught by is not played clean
 * here: the reference portal's audit and the portals whose defects it catches prove it gives no false finding.
 */
export function foreignPortalTests<D extends string>(
  name: string,
  portal: ForeignPortal<D>,
  options: { catalogue: readonly (DefectEntry & { id: D })[]; sourceFile: URL; skipped: Record<string, RegExp> },
): void {
  const caughtBy = new Set<string>(options.catalogue.flatMap((d) => d.caughtBy.map((c) => c.scenario)));
  const clean = scenarioCatalogue.filter((s) => caughtBy.has(s.id) || options.skipped[s.id]).map((s) => s.id);
  // The clean runs of the shared round's members come from one round, as an audit plays them.
  const round = sharedRoundOf(clean);
  const resultOf = resultsWithSharedRound(() => portal, round);
  const cleanTest = (id: string) => {
    const skip = options.skipped[id];
    test(`the clean ${name} ${skip ? 'skips' : 'passes'} ${id}`, async () => {
      const result = await resultOf(id);
      if (skip) {
        expect(result.verdict, result.reason).toBe('skipped');
        expect(result.reason).toMatch(skip);
      } else {
        expect(outcome(result)).toEqual({ verdict: 'passed', codes: [], reason: undefined });
      }
    });
  };
  test.describe(() => {
    test.describe.configure({ mode: 'default' });
    round.forEach(cleanTest);
  });
  clean.filter((id) => !round.includes(id)).forEach(cleanTest);
  // Every catch the catalogue claims, not only the first: a claim no test holds is not data but hope.
  for (const defect of options.catalogue) {
    for (const caught of defect.caughtBy) {
      test(`${name} with ${defect.id} fails ${caught.scenario} with ${caught.code}`, async () => {
        const result = await auditForeign(portal, caught.scenario, [defect.id]);
        expect(outcome(result), result.reason).toMatchObject({ verdict: 'failed' });
        expect([...new Set(result.findings.map((f) => f.code))]).toEqual([caught.code]);
      });
    }
  }
  test(`every ${name} defect is a tagged branch of its source`, () => {
    expect(defectTags(options.sourceFile, options.catalogue)).toEqual({ missing: [], unknown: [] });
  });
}
