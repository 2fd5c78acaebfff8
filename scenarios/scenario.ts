import type { AuditDriver, BrowserProfile, DriverCapabilities, ProbeSource } from '../drivers/driver';
import { browserGone } from '../drivers/driver-error';
import { AuditError } from '../errors/audit-error';
import { captureState, type CaptureDetail, type EvidenceSink } from '../evidence/evidence';
import type { Redactor } from '../evidence/redact';
import type { Target, TargetUser } from '../targets/target';
import type { ControlName } from './controls';
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
  const started = Date.now();
  const { driver, evidence } = options;
  const { redactor } = evidence;
  // The run's users' passwords (and TOTP secrets) are secrets from its first line on, before any step could echo one.
  for (const u of [options.user, options.nextUser]) if (u) for (const secret of [u.password, totpSecretOf(options.target, u)]) if (secret) redactor.register(secret);
  const redactText = (text: string) => redactor.text(text);
  const findings: Finding[] = [];
  const checks: CheckRecord[] = [];
  const extraDrivers: AuditDriver[] = [];
  let currentStep = '';
  let currentLabel = '';
  let broken: { code: ResultCode; reason: string } | undefined;

  const base = {
    scenario: definition.id,
    browser: driver.browser,
    driver: driver.name,
    preset: driver.profile,
    persona: driver.persona.id,
  };
  const lacking = capabilityLacking(definition, driver.capabilities, driver.profile);
  if (lacking) return { ...base, verdict: 'skipped', code: 'CAPABILITY_MISSING', findings, checks, reason: lacking, durationMs: 0 };
  const notForTarget = definition.applies?.(options.target);
  if (notForTarget) return { ...base, verdict: 'skipped', code: 'NOT_APPLICABLE', findings, checks, reason: notForTarget, durationMs: 0 };

  const ctx: ScenarioContext = {
    target: options.target,
    user: options.user,
    nextUser: options.nextUser,
    driver,
    redactor,
    memory: new Map(),
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
      checks.push({ step: currentStep, check, outcome: 'passed', seen: redactText(seen), ...(needs ? { control: needs } : {}) });
    },
    premise(check, seen) {
      checks.push({ step: currentStep, check, outcome: 'premise', seen: redactText(seen) });
    },
    control(name, seen) {
      checks.push({ step: currentStep, check: name, outcome: 'control', seen: redactText(seen), control: name });
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
      findings.push(finding);
      checks.push({ step: currentStep, check: code, outcome: 'finding', seen: finding.seen });
    },
    notApplicable(check, why) {
      checks.push({ step: currentStep, check, outcome: 'not-applicable', seen: why });
    },
    capture: (other, label) => captureState(other, evidence, label),
    attachJson: (name, value) => evidence.attach(`${currentLabel}: ${name}`, JSON.stringify(value, null, 2), 'application/json'),
  };

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
    for (const [index, step] of definition.steps.entries()) {
      currentStep = step.title;
      const label = `${index + 1}. ${step.title}`;
      currentLabel = label;
      const checksBefore = checks.length;
      let ended = false;
      await evidence.step(label, async () => {
        try {
          await step.run(ctx);
          ended = true;
        } finally {
          // Evidence also (especially) when the step failed: it shows what the browser was on.
          const decided = checks.slice(checksBefore).filter((c) => c.outcome !== 'not-applicable');
          const last = index === definition.steps.length - 1;
          await captureState(driver, evidence, label, verdictRestsHere(decided, ended, last), decided.map((c) => `${c.check}: ${c.seen}`)).catch(() => undefined);
        }
      });
    }
  } catch (error) {
    if (error instanceof NothingToTest) checks.push({ step: currentStep, check: error.check, outcome: 'not-applicable', seen: redactText(error.why) });
    else broken = describeBroken(error, currentStep, redactor);
  } finally {
    for (const extra of extraDrivers) await extra.dispose().catch(() => undefined);
    await options.probes?.close().catch(() => undefined);
  }

  const { verdict, code, reason } = decideVerdict(findings, checks, broken);
  return { ...base, verdict, code, findings, checks, ...(reason ? { reason } : {}), durationMs: Date.now() - started };
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
