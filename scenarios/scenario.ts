import type { AuditDriver, BrowserProfile, DriverCapabilities, ProbeSource } from '../drivers/driver';
import { browserGone } from '../drivers/driver-error';
import { AuditError } from '../errors/audit-error';
import { captureState, type CaptureDetail, type EvidenceSink } from '../evidence/evidence';
import type { Redactor } from '../evidence/redact';
import type { Target, TargetUser } from '../targets/target';
import type { ControlName } from './controls';
import { roundSteps } from './shared-round';
import { totpSecretOf } from './steps/second-factor';
import { BrokenError, decideVerdict, NothingToTest, type CheckRecord, type Finding, type FindingCode, type ResultCode, type ScenarioResult } from './verdict';

type Capability = Exclude<keyof DriverCapabilities, 'limits'>;

/** One named step of a scenario: a short sentence ("log out", "close the browser"). */
export interface Step {
  title: string;
  run(ctx: ScenarioContext): Promise<void>;
}

export interface ScenarioDefinition {
  id: string;
  /** What must hold, as a sentence: "login is required after logout and a browser restart". */
  title: string;
  /** OWASP WSTG / ASVS / OpenID items this scenario covers. */
  refs: string[];
  /** Codes its checks can report. */
  findingCodes: FindingCode[];
  requires: Capability[];
  /**
   * Profile presets where the scenario means something; absent = all. E.g. closing without logout under
   * restore-session keeps the session by the user's own choice, so that scenario runs under fresh-default only.
   */
  presets?: BrowserProfile[];
  /**
   * The scenario closes, reboots or power-cuts the browser and starts it again. A profile preset changes only
   * what happens when the browser starts again, so a scenario without a restart runs under one preset
   * (fresh-default): the others would repeat it to the letter.
   */
  restartsBrowser?: true;
  /**
   * The scenario waits past the target's idle timeout on purpose (idle-timeout). Everywhere else a login form
   * seen that late could be the timeout's doing (TOO_SLOW); the embedded portal gives such a scenario a short
   * timeout of its own and every other scenario a long one, so no other verdict depends on the machine's speed.
   */
  waitsOutIdleTimeout?: boolean;
  /**
   * The browsers it starts besides the user's own, when and why (a clean client holding only copied cookies, a
   * second computer); absent = none. `--list` prints it, so every browser launch in the plan has its reason;
   * suites/unit/engine/other-browsers.spec.ts fails when a scenario starts one it does not declare.
   */
  otherBrowsers?: string;
  /** Why the scenario does not apply to a target (e.g. it declares no idle timeout); undefined = it applies. */
  applies?: (target: Target) => string | undefined;
  steps: Step[];
}

/** Keeps the id's literal type, so the catalogue can name its ids as a type (ScenarioId in ./catalogue.ts). */
export function scenario<const Id extends string>(definition: ScenarioDefinition & { id: Id }): ScenarioDefinition & { readonly id: Id } {
  return definition;
}

/**
 * The keys steps hand values under, and each value's type. A step module declares the keys it writes where it
 * writes them, by augmenting this interface (`declare module '../scenario' { interface ScenarioMemoryKeys {
 * visit: Visit } }`): the types stay next to their steps, this module imports none of them (no import cycle),
 * and tsc checks every get and set. `grep -rn "interface ScenarioMemoryKeys" scenarios/` lists them all.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- empty here on purpose: the step modules fill it in
export interface ScenarioMemoryKeys {}

/** A Map seen through ScenarioMemoryKeys: only declared keys, each with its own value type. */
export interface ScenarioMemory {
  get<K extends keyof ScenarioMemoryKeys>(key: K): ScenarioMemoryKeys[K] | undefined;
  set<K extends keyof ScenarioMemoryKeys>(key: K, value: ScenarioMemoryKeys[K]): void;
}

export interface ScenarioContext {
  readonly target: Target;
  /** The user the scenario logs in as (the target's first). */
  readonly user: TargetUser;
  /** The target's second user, for scenarios with two people on one computer; undefined when it has one. */
  readonly nextUser: TargetUser | undefined;
  /** The browser the scenario drives (the user's computer). */
  readonly driver: AuditDriver;
  /** Another browser on a fresh profile, same engine and persona (another computer); ended by play(). */
  newDriver(): Promise<AuditDriver>;
  /**
   * A brand-new client holding nothing (no cookies, cache, storage, service worker, history), same engine and
   * persona, for asking the server what some cookies alone open; started, ended by play().
   */
  newProbe(): Promise<AuditDriver>;
  /**
   * The run's redaction (the evidence sink's): a step that handles a secret the browser never shows as a
   * cookie (a typed password, a bearer token) registers it here first, so no report or log can show it.
   */
  readonly redactor: Redactor;
  /** Values steps hand to later steps (a captured cookie jar, the classification of a visit), typed by key. */
  readonly memory: ScenarioMemory;
  /**
   * Record a check that saw what it expected. A check that saw a refusal names the positive control it rests
   * on (`needs`): without that control line in the scenario the pass is refused (scenarios/verdict.ts).
   */
  pass(check: string, seen: string, needs?: ControlName): void;
  /** Record a positive control: the same means that must be refused after logout was accepted while logged in. */
  control(name: ControlName, seen: string): void;
  /** Record a precondition seen to hold (logged in, the browser ended as a reboot ends it): no proof by itself. */
  premise(check: string, seen: string): void;
  /** Record a finding: the portal let someone in. */
  finding(code: FindingCode, detail: { message: string; expected: string; seen: string; url?: string }): void;
  /** Record a check that does not apply to this target, with the reason. */
  notApplicable(check: string, why: string): void;
  /** Evidence of another browser (e.g. a replay profile) under this step. */
  capture(driver: AuditDriver, label: string): Promise<void>;
  /** A JSON attachment under this step (e.g. how a restart ended the browser); redacted like all evidence. */
  attachJson(name: string, value: unknown): Promise<void>;
}

export interface PlayOptions {
  target: Target;
  user: TargetUser;
  nextUser?: TargetUser;
  /** Not launched yet: play() starts it once it knows the run is not skipped. */
  driver: AuditDriver;
  newDriver: () => AuditDriver;
  /** Where probes come from (closed by play()); without it each probe is a newDriver(). */
  probes?: ProbeSource;
  evidence: EvidenceSink;
}

/** A capability the scenario needs and the driver lacks, with the driver's own explanation. */
export function missingCapability(definition: ScenarioDefinition, capabilities: DriverCapabilities): string | undefined {
  const missing = definition.requires.find((c) => !capabilities[c]);
  if (!missing) return undefined;
  return `${definition.id} needs ${missing}: ${capabilities.limits[missing] ?? 'this driver does not support it'}`;
}

/** restore-session restores a profile: a driver without one would run fresh-default under the other name. */
function presetWithoutProfile(profile: BrowserProfile, capabilities: DriverCapabilities): string | undefined {
  if (profile !== 'restore-session' || capabilities.persistentProfile) return undefined;
  return `restore-session needs persistentProfile: ${capabilities.limits.persistentProfile ?? 'this driver keeps no profile'}`;
}

/**
 * Why a run of the scenario under `profile` on a driver with `capabilities` is skipped (CAPABILITY_MISSING),
 * with the driver's own explanation; undefined when it can run. Decided before any browser starts: the audit
 * asks it of the browser's record before it makes a driver (audit/run-scenario.ts), play() of the driver it
 * is handed.
 */
export function capabilityLacking(definition: ScenarioDefinition, capabilities: DriverCapabilities, profile: BrowserProfile): string | undefined {
  return missingCapability(definition, capabilities) ?? presetWithoutProfile(profile, capabilities);
}

/**
 * Runs a scenario's steps in order, each as an evidence step (state and HTTP exchange after it, a screenshot
 * where the verdict rests: verdictRestsHere), and decides the verdict from what the checks saw. Never throws
 * for a portal or harness problem: that is a broken verdict with its reason. Ends every extra browser it started.
 */
export async function play(definition: ScenarioDefinition, options: PlayOptions): Promise<ScenarioResult> {
  const [result] = await playRound([definition], options);
  if (!result) throw new Error(`play() of ${definition.id} gave no result`);
  return result;
}

/** One member of a round while it plays: what its own checks saw, and whether it still has steps to play. */
interface MemberState {
  definition: ScenarioDefinition;
  findings: Finding[];
  checks: CheckRecord[];
  /** Its own values (keys a shared step wrote are read from the round's). */
  memory: Map<string, unknown>;
  broken?: { code: ResultCode; reason: string };
  /** A step of its failed or found nothing to test: its remaining steps are not played. */
  stopped: boolean;
}

/**
 * Plays several scenarios in one login/logout round (scenarios/shared-round.ts, roundSteps): the shared steps
 * once, each member's own steps in turn, and one result per member, in the order given, decided from the checks
 * of the steps it owns alone. A member's own step that fails stops that member only (broken, or skipped where it
 * had nothing to test); a shared step that fails stops the round, and every member with steps left is broken
 * with that reason. One member is play() of that scenario.
 */
export async function playRound(definitions: readonly ScenarioDefinition[], options: PlayOptions): Promise<ScenarioResult[]> {
  const started = Date.now();
  const { driver, evidence } = options;
  const { redactor } = evidence;
  // The run's users' passwords (and TOTP secrets) are secrets from its first line on, before any step could echo one.
  for (const u of [options.user, options.nextUser]) if (u) for (const secret of [u.password, totpSecretOf(options.target, u)]) if (secret) redactor.register(secret);
  const redactText = (text: string) => redactor.text(text);
  const extraDrivers: AuditDriver[] = [];
  let currentStep = '';
  let currentLabel = '';

  const baseOf = (definition: ScenarioDefinition) => ({
    scenario: definition.id,
    browser: driver.browser,
    driver: driver.name,
    preset: driver.profile,
    persona: driver.persona.id,
  });
  const decided = new Map<ScenarioDefinition, ScenarioResult>();
  for (const definition of definitions) {
    const lacking = capabilityLacking(definition, driver.capabilities, driver.profile);
    const notForTarget = lacking ? undefined : definition.applies?.(options.target);
    if (lacking) decided.set(definition, { ...baseOf(definition), verdict: 'skipped', code: 'CAPABILITY_MISSING', findings: [], checks: [], reason: lacking, durationMs: 0 });
    else if (notForTarget) decided.set(definition, { ...baseOf(definition), verdict: 'skipped', code: 'NOT_APPLICABLE', findings: [], checks: [], reason: notForTarget, durationMs: 0 });
  }
  const playing: MemberState[] = definitions
    .filter((d) => !decided.has(d))
    .map((definition) => ({ definition, findings: [], checks: [], memory: new Map(), stopped: false }));
  if (playing.length === 0) return definitions.map((d) => decided.get(d)!);

  const sharedMemory = new Map<string, unknown>();
  // The members the running step counts for; a step of one member of several keeps its values to itself.
  let owners: MemberState[] = playing;
  let stepIsShared = true;
  const ownMemory = () => (stepIsShared ? undefined : owners[0]?.memory);
  const record = (check: CheckRecord) => owners.forEach((m) => m.checks.push(check));
  const ctx: ScenarioContext = {
    target: options.target,
    user: options.user,
    nextUser: options.nextUser,
    driver,
    redactor,
    memory: {
      get: (key) => (ownMemory()?.get(key) ?? sharedMemory.get(key)) as never,
      set: (key, value) => void (ownMemory() ?? sharedMemory).set(key, value),
    },
    async newDriver() {
      const extra = options.newDriver();
      extraDrivers.push(extra);
      await extra.launch();
      return extra;
    },
    async newProbe() {
      const probe = options.probes ? options.probes.next() : options.newDriver();
      extraDrivers.push(probe);
      await probe.launch();
      return probe;
    },
    pass(check, seen, needs) {
      record({ step: currentStep, check, outcome: 'passed', seen: redactText(seen), ...(needs ? { control: needs } : {}) });
    },
    premise(check, seen) {
      record({ step: currentStep, check, outcome: 'premise', seen: redactText(seen) });
    },
    control(name, seen) {
      record({ step: currentStep, check: name, outcome: 'control', seen: redactText(seen), control: name });
    },
    finding(code, detail) {
      const finding: Finding = {
        code,
        step: currentStep,
        message: redactText(detail.message),
        expected: redactText(detail.expected),
        seen: redactText(detail.seen),
        ...(detail.url ? { url: redactText(detail.url) } : {}),
      };
      owners.forEach((m) => m.findings.push(finding));
      record({ step: currentStep, check: code, outcome: 'finding', seen: finding.seen });
    },
    notApplicable(check, why) {
      record({ step: currentStep, check, outcome: 'not-applicable', seen: why });
    },
    capture: (other, label) => captureState(other, evidence, label),
    attachJson: (name, value) => evidence.attach(`${currentLabel}: ${name}`, JSON.stringify(value, null, 2), 'application/json'),
  };

  const steps = roundSteps(playing.map((m) => m.definition));
  const stateOf = (definition: ScenarioDefinition) => playing.find((m) => m.definition === definition)!;
  try {
    // Launched here, after the skip check: a run that is skipped starts no browser.
    currentStep = 'start the browser'; // a browser killed while it starts is reported in this step
    await evidence.step('start the browser', async () => {
      try {
        await driver.launch();
      } catch (error) {
        throw new BrokenError('BROWSER_FAILED', `the browser did not start: ${(error as Error).message.split('\n')[0]}`);
      } finally {
        // Nothing is decided on the start page: its state, not its picture (a failed start is broken, and its
        // reason says why).
        await captureState(driver, evidence, 'before', 'light').catch(() => undefined);
      }
    });
    for (const [index, roundStep] of steps.entries()) {
      owners = roundStep.owners.map(stateOf).filter((m) => !m.stopped);
      if (owners.length === 0) continue;
      stepIsShared = roundStep.owners.length > 1 || playing.length === 1;
      const { step } = roundStep;
      currentStep = step.title;
      // In a round, a step of some members only says whose it is.
      const whose = roundStep.owners.length < playing.length ? ` (${roundStep.owners.map((d) => d.id).join(', ')})` : '';
      const label = `${index + 1}. ${step.title}${whose}`;
      currentLabel = label;
      const checksBefore = owners.map((m) => m.checks.length);
      let ended = false;
      try {
        await evidence.step(label, async () => {
          try {
            await step.run(ctx);
            ended = true;
          } finally {
            // Evidence also (especially) when the step failed: it shows what the browser was on.
            const decidedHere = owners.flatMap((m, i) => m.checks.slice(checksBefore[i])).filter((c) => c.outcome !== 'not-applicable');
            const last = index === steps.length - 1;
            await captureState(driver, evidence, label, verdictRestsHere(decidedHere, ended, last), [...new Set(decidedHere.map((c) => `${c.check}: ${c.seen}`))]).catch(() => undefined);
          }
        });
      } catch (error) {
        const failed = owners;
        for (const member of failed) stopMember(member, error, currentStep, redactor);
        // A shared step that failed leaves the others nothing to stand on: every member with steps left stops.
        if (roundStep.owners.length > 1) {
          const left = new Set(steps.slice(index + 1).flatMap((s) => s.owners));
          for (const member of playing) if (!member.stopped && left.has(member.definition)) stopMember(member, error, currentStep, redactor);
          break;
        }
      }
    }
  } catch (error) {
    // The browser did not start: no member played a step.
    for (const member of playing) stopMember(member, error, currentStep, redactor);
  } finally {
    for (const extra of extraDrivers) await extra.dispose().catch(() => undefined);
    await options.probes?.close().catch(() => undefined);
  }

  const durationMs = Date.now() - started;
  for (const member of playing) {
    const { verdict, code, reason } = decideVerdict(member.findings, member.checks, member.broken);
    decided.set(member.definition, { ...baseOf(member.definition), verdict, code, findings: member.findings, checks: member.checks, ...(reason ? { reason } : {}), durationMs });
  }
  return definitions.map((d) => decided.get(d)!);
}

/** A member's step failed: nothing to test (not applicable, with the reason) or broken; its remaining steps are not played. */
function stopMember(member: MemberState, error: unknown, step: string, redactor: Redactor): void {
  if (member.stopped) return;
  member.stopped = true;
  if (error instanceof NothingToTest) member.checks.push({ step, check: error.check, outcome: 'not-applicable', seen: redactor.text(error.why) });
  else member.broken = describeBroken(error, step, redactor);
}

/**
 * Where a screenshot is worth its time (ARCHITECTURE.md 6; issue 35): the page a step decided a check on (a
 * pass, a finding, a control, a premise such as "logged in"), a step that failed (the run is broken or not
 * applicable there, and its picture shows why), and the run's last page. Every other step keeps its state as
 * names only (evidence/evidence.ts, CaptureDetail).
 */
export function verdictRestsHere(decided: readonly CheckRecord[], ended: boolean, last: boolean): CaptureDetail {
  return decided.length > 0 || !ended || last ? 'full' : 'light';
}

function describeBroken(error: unknown, step: string, redactor: Redactor): { code: ResultCode; reason: string } {
  const message = error instanceof Error ? error.message.split('\n')[0] ?? error.name : String(error);
  // A dead browser is the cause whichever step met it and however the step worded its failure (a login that
  // "did not reach the personal data" because the browser was killed is not a login failure). The code comes
  // from the error's type: ours carry one; anything else is the harness's own failure.
  const own: ResultCode = error instanceof AuditError && error.code ? error.code : 'HARNESS_ERROR';
  const code: ResultCode = browserGone(message) ? 'BROWSER_DIED' : own;
  return { code, reason: redactor.text(`${code} in step "${step}": ${message}`) };
}
