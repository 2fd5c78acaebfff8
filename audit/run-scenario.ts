import type { TestInfo } from '@playwright/test';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { capabilitiesOf, createDriver, createProbeSource, driverName, driverSpecFor, impossibleRun, wrappedProbes } from '../drivers';
import type { AuditDriver, BrowserProfile, DriverSpec } from '../drivers/driver';
import { personaById } from '../drivers/personas';
import type { DefectId } from '../portal/defects';
import { capabilityLacking, play, playRound, type PlayOptions, type ScenarioDefinition } from '../scenarios/scenario';
import type { CheckRecord, ScenarioResult } from '../scenarios/verdict';
import type { Target } from '../targets/target';
import { createRedactor } from '../evidence/redact';
import { procStat } from '../drivers/proc';
import { labelResult } from './label-result';
import { attachVerdict, playwrightEvidence } from './playwright-evidence';
import type { EvidenceSink } from '../evidence/evidence';
import { auditSettings } from './settings';

// Running one scenario of the plan in one test: the driver for the project's browser and the run's preset and
// persona, a skip (with its reason, no driver made, no browser started) where the browser's record says its
// driver cannot make the run or lacks a capability the scenario requires, the scenario's play, and its verdict
// attached through the redaction choke point.

export interface RunOptions {
  preset: BrowserProfile;
  persona: string;
  /** Self-tests only: a target described differently (e.g. a wrong API path), to prove a control fails. */
  adjustTarget?: (target: Target) => Target;
  /** Self-tests only: the real driver with one operation replaced, to prove a control fails. */
  wrapDriver?: (driver: AuditDriver) => AuditDriver;
}

export type RunScenario = (definition: ScenarioDefinition, options: RunOptions) => Promise<ScenarioResult>;

/**
 * The result of `definition` from the one login/logout round it shares with `members` (scenarios/shared-round.ts)
 * under the preset and persona: the first test of the round to ask plays it, the others read its results.
 */
export type RunInRound = (definition: ScenarioDefinition, members: readonly ScenarioDefinition[], options: Pick<RunOptions, 'preset' | 'persona'>) => Promise<ScenarioResult>;

/** What a run needs from its project and worker. */
export interface RunContext {
  auditBrowser: DriverSpec['browser'];
  auditBackend: DriverSpec['backend'];
  portalDefects: DefectId[];
  /** The reference portal's identity provider (OpenID Connect or SAML): a round played on one is not the other's. */
  portalIdp: string;
  targetFor: (definition: ScenarioDefinition) => Promise<Target>;
}

/** A test's scenario runners and the disposal of every driver they created (profiles hold session cookies). */
export function scenarioRunner(testInfo: TestInfo, context: RunContext): { runScenario: RunScenario; runInRound: RunInRound; dispose: () => Promise<void> } {
  const drivers: AuditDriver[] = [];
  const settings = auditSettings();
  const specOf = (preset: BrowserProfile, persona: string) => driverSpecFor(context.auditBackend, context.auditBrowser, preset, personaById(persona), settings);
  /** What play() needs for one play: a new driver of the spec, second computers and probes like it, the run's evidence. */
  const playOptions = (spec: DriverSpec, target: Target, evidence: EvidenceSink, wrapDriver?: (driver: AuditDriver) => AuditDriver): PlayOptions => {
    const user = target.users[0];
    if (!user) throw new Error('the target has no users');
    // The driver masks what it writes into evidence (a reboot hook's output) with the same run's Redactor.
    const made = createDriver(spec, { redactor: evidence.redactor, runId: settings.runId });
    const driver = wrapDriver ? wrapDriver(made) : made;
    drivers.push(driver);
    return {
      target,
      user,
      nextUser: target.users[1],
      driver,
      // A second computer: same engine and persona, a brand-new profile with browser defaults.
      newDriver: () => {
        const fresh = createDriver({ ...spec, profile: 'fresh-default' }, { redactor: evidence.redactor, runId: settings.runId });
        return wrapDriver ? wrapDriver(fresh) : fresh;
      },
      // Probes (a copied jar alone): same engine and persona, wrapped like every browser of the run.
      probes: wrappedProbes(createProbeSource(spec, { redactor: evidence.redactor, runId: settings.runId }), wrapDriver),
      evidence,
    };
  };

  const runScenario: RunScenario = async (definition, { preset, persona, adjustTarget, wrapDriver }) => {
    const described = await context.targetFor(definition);
    const target = adjustTarget ? adjustTarget(described) : described;
    const spec = specOf(preset, persona);
    await labelResult(definition, target, spec, context.portalDefects);
    // One sink per run, with the run's own Redactor: the verdict is attached through what the run learnt.
    const evidence = playwrightEvidence(testInfo, createRedactor(settings.redactionKey?.reveal()));
    // From the browser's record, before any driver exists: what the spec's driver would declare.
    const impossible = impossibleRun(spec) ?? capabilityLacking(definition, capabilitiesOf(spec), spec.profile);
    if (impossible) return attachVerdict(testInfo, skippedRun(definition, spec, impossible), evidence.redactor);
    const playOnce = (): Promise<ScenarioResult> => play(definition, playOptions(spec, target, evidence, wrapDriver));
    // Each play again gets the time the spoilt one took on top of the test's bound, which is against hangs only.
    const result = await playUntilPremiseHeld(playOnce, (spentMs) => testInfo.setTimeout(testInfo.timeout + spentMs));
    // Through the redaction choke point: the test fails with (and Allure shows) the redacted verdict.
    return attachVerdict(testInfo, result, evidence.redactor);
  };

  const runInRound: RunInRound = async (definition, members, { preset, persona }) => {
    const target = await context.targetFor(definition);
    const spec = specOf(preset, persona);
    await labelResult(definition, target, spec, context.portalDefects);
    const evidence = playwrightEvidence(testInfo, createRedactor(settings.redactionKey?.reveal()));
    const key = roundKey(testInfo, context, members, preset, persona);
    let shared = readRound(testInfo, key) ?? (await roundBegunElsewhere(testInfo, key, members, spec));
    // Two workers may ask at once (tests of one round in a fully parallel file): one marks it, the other waits.
    if (!shared && !markRoundStarted(testInfo, key)) shared = await roundBegunElsewhere(testInfo, key, members, spec);
    const round = shared ?? (await playSharedRound(members, spec, target, evidence));
    const result = round.results.find((r) => r.scenario === definition.id);
    if (!result) throw new Error(`the shared round of ${members.map((m) => m.id).join(', ')} has no result for ${definition.id}`);
    const told = { ...result, sharedRound: { members: members.map((m) => m.id), playedIn: round.playedIn } };
    if (!shared) writeRound(testInfo, key, round);
    // Read from the round: its evidence is in the test that played it, named here.
    else await evidence.attach('shared round', JSON.stringify(told.sharedRound, null, 2), 'application/json');
    return attachVerdict(testInfo, told, evidence.redactor);
  };

  /** Plays the round in this test (its evidence is this test's), every member's result redacted by the run's Redactor. */
  const playSharedRound = async (members: readonly ScenarioDefinition[], spec: DriverSpec, target: Target, evidence: EvidenceSink): Promise<PlayedRound> => {
    const playedIn = testTitle(testInfo);
    const impossible = impossibleRun(spec);
    if (impossible) return { playedIn, results: members.map((m) => skippedRun(m, spec, impossible)) };
    // The round does the work of its members' runs: so many runs' bound against a hang.
    testInfo.setTimeout(testInfo.timeout * members.length);
    const lacking = members.map((m) => capabilityLacking(m, capabilitiesOf(spec), spec.profile));
    const playable = members.filter((_, i) => !lacking[i]);
    const played = playable.length > 0 ? await playRound(playable, playOptions(spec, target, evidence)) : [];
    const results = members.map((m, i) => played.find((r) => r.scenario === m.id) ?? skippedRun(m, spec, lacking[i] ?? 'not played'));
    return { playedIn, results: results.map((r) => JSON.parse(evidence.redactor.text(JSON.stringify(r))) as ScenarioResult) };
  };

  return {
    runScenario,
    runInRound,
    dispose: async () => {
      for (const driver of drivers) await driver.dispose();
    },
  };
}

/** A run decided before any browser starts: skipped CAPABILITY_MISSING with the browser record's reason. */
function skippedRun(definition: ScenarioDefinition, spec: DriverSpec, reason: string): ScenarioResult {
  return {
    scenario: definition.id,
    browser: spec.browser,
    driver: driverName(spec),
    preset: spec.profile,
    persona: spec.persona.id,
    verdict: 'skipped',
    code: 'CAPABILITY_MISSING',
    findings: [],
    checks: [],
    reason,
    durationMs: 0,
  };
}

/** The test's title as the report shows it (describes and title, no file): how a round names where it was played. */
function testTitle(testInfo: TestInfo): string {
  return testInfo.titlePath.slice(1).join(' › ');
}

/** A shared round's results (redacted) and the test whose evidence shows it. */
interface PlayedRound {
  playedIn: string;
  results: ScenarioResult[];
}

// A worker keeps the rounds it played; a file keeps them for the next worker, since Playwright starts a new
// worker after a failed test (a finding) and the round's other members are still to be read.
const roundsPlayed = new Map<string, PlayedRound>();

/** One round per project, portal defects, preset, persona and members, within this run. */
function roundKey(testInfo: TestInfo, context: RunContext, members: readonly ScenarioDefinition[], preset: BrowserProfile, persona: string): string {
  const named = [auditSettings().runId, testInfo.project.name, context.portalDefects.join('+'), context.portalIdp, preset, persona, members.map((m) => m.id).join('+')].join('|');
  return createHash('sha256').update(named).digest('hex').slice(0, 24);
}

function roundFile(testInfo: TestInfo, key: string): string {
  return join(testInfo.project.outputDir, 'shared-rounds', `${key}.json`);
}

function readRound(testInfo: TestInfo, key: string): PlayedRound | undefined {
  const inWorker = roundsPlayed.get(key);
  if (inWorker) return inWorker;
  try {
    return JSON.parse(readFileSync(roundFile(testInfo, key), 'utf8')) as PlayedRound;
  } catch {
    return undefined; // not played yet, or its test died before it ended: this test plays it
  }
}

/** Who began a round: its test, and the worker process playing it (pid and start time, so a reused pid is not it). */
interface RoundMark {
  playedIn: string;
  pid: number;
  startTicks: number | undefined;
}

/** Marks the round as begun by this test; false when another marked it first (the file is created or not at all). */
function markRoundStarted(testInfo: TestInfo, key: string): boolean {
  const file = roundFile(testInfo, key);
  mkdirSync(join(file, '..'), { recursive: true });
  const mark: RoundMark = { playedIn: testTitle(testInfo), pid: process.pid, startTicks: procStat(process.pid)?.startTicks };
  try {
    writeFileSync(`${file}.started`, JSON.stringify(mark), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** The worker that began the round still runs (another worker, playing it now). */
function beganByLiveWorker(mark: RoundMark): boolean {
  if (mark.pid === process.pid) return false;
  const now = procStat(mark.pid);
  return now !== null && now.state !== 'Z' && (mark.startTicks === undefined || now.startTicks === mark.startTicks);
}

/**
 * The round's results once a test has begun it: read when another worker playing it now ends it; undefined when
 * nobody began it (this test plays it). A round whose test ended without results (timed out, its worker killed)
 * makes every member read after it broken NOT_RUN, naming that test, never played again: playing it again would
 * make a hung portal cost every member its own hang, and would not be the run the first test's verdict speaks of.
 */
async function roundBegunElsewhere(testInfo: TestInfo, key: string, members: readonly ScenarioDefinition[], spec: DriverSpec): Promise<PlayedRound | undefined> {
  const readMark = (): RoundMark | undefined => {
    try {
      return JSON.parse(readFileSync(`${roundFile(testInfo, key)}.started`, 'utf8')) as RoundMark;
    } catch {
      return undefined;
    }
  };
  const mark = readMark();
  if (!mark) return undefined;
  // Bounded by the test's own timeout; the other worker's round has its own.
  while (beganByLiveWorker(mark) && !readRound(testInfo, key)) await new Promise((resolve) => setTimeout(resolve, 250));
  const played = readRound(testInfo, key);
  if (played) return played;
  const reason = `NOT_RUN: the round shared with ${members.map((m) => m.id).join(', ')} was begun by the test "${mark.playedIn}", which ended before it gave results (its own verdict says why)`;
  return { playedIn: mark.playedIn, results: members.map((m) => ({ ...skippedRun(m, spec, reason), verdict: 'broken', code: 'NOT_RUN' })) };
}

function writeRound(testInfo: TestInfo, key: string, round: PlayedRound): void {
  roundsPlayed.set(key, round);
  const file = roundFile(testInfo, key);
  mkdirSync(join(file, '..'), { recursive: true });
  // Whole or not at all: a reader never sees half a file.
  writeFileSync(`${file}.part`, JSON.stringify(round));
  renameSync(`${file}.part`, file);
}

/** How often a run is played when a slow machine spoilt its premise (CUT_CAME_LATE) each time. */
const PLAYS_FOR_A_SPOILT_PREMISE = 3;

/**
 * Plays the run again from the start, on a new profile, while it ends broken because the machine was too slow
 * for its premise (the browser wrote its logged-out state before the power cut came), up to
 * PLAYS_FOR_A_SPOILT_PREMISE times: otherwise the verdict would hang on the machine's speed. Only that one
 * undecided outcome is played again; a finding, a pass or any other broken result is the verdict as it came.
 * The result names the plays before it.
 */
export async function playUntilPremiseHeld(playOnce: () => Promise<ScenarioResult>, beforeReplay: (spentMs: number) => void = () => undefined): Promise<ScenarioResult> {
  const spoilt: string[] = [];
  for (;;) {
    const started = Date.now();
    const result = await playOnce();
    const premiseSpoilt = result.verdict === 'broken' && result.code === 'CUT_CAME_LATE';
    if (!premiseSpoilt || spoilt.length + 1 >= PLAYS_FOR_A_SPOILT_PREMISE) {
      if (spoilt.length === 0) return result;
      const earlier: CheckRecord = {
        step: 'before this play',
        check: 'the run was played again from the start',
        outcome: 'premise',
        seen: spoilt.map((reason, i) => `play ${i + 1} ended broken: ${reason}`).join('; '),
      };
      return { ...result, checks: [earlier, ...result.checks] };
    }
    spoilt.push(result.reason ?? 'CUT_CAME_LATE');
    beforeReplay(Date.now() - started);
  }
}
