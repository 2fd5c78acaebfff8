import { basename } from 'node:path';
import { inspect } from 'node:util';
import { z } from 'zod';
import { auditBrowserById } from '../drivers/audit-browsers';
import { browserProfiles, type BrowserExecutables, type BrowserProfile } from '../drivers/driver';
import { personaIds, type PersonaId } from '../drivers/personas';
import { parseDefects, type DefectId } from '../portal/defects';
import { scenarioById } from '../scenarios/catalogue';
import { EMBEDDED_TARGET, type AuditTarget } from '../targets/audit-targets';
import { summaryScopeSchema, type SummaryScope } from './scope';
import { AuditError, InputError } from '../errors/audit-error';

// The one place the AUDIT_* variables are read. The CLI (cli/audit.ts) turns its options into these variables
// for Playwright Test, whose config, reporters and workers each parse them here once; a hand-run
// `playwright test` sets the same names. Every wrong value is refused with a sentence that says what is wrong
// and how to fix it, before any browser starts. The drivers read none of them: the browser executables, the run
// id and the grid reach them as arguments (DriverSpec, DriverOptions). Only the reboot hook's variables are read
// by the driver layer itself, on purpose (drivers/profile/reboot-hook.ts: a bad hook breaks only its runs).

/**
 * A key that must reach no log, summary or attachment: printing or serialising the settings shows
 * `[secret]`, and only `reveal()` gives the value, at the one place that signs or redacts with it.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[secret]';
  }
  toJSON(): string {
    return '[secret]';
  }
  [inspect.custom](): string {
    return '[secret]';
  }
}

export interface PlanSelection {
  /** AUDIT_SCENARIOS (--scenarios): ids of the catalogue; undefined = every scenario. */
  scenarios: string[] | undefined;
  /** AUDIT_PRESETS (--presets); undefined = every preset. */
  presets: BrowserProfile[] | undefined;
  /** AUDIT_PERSONAS (--personas); undefined = every persona. */
  personas: PersonaId[] | undefined;
  /** AUDIT_QUICK=1 (--quick): the plan of audit/plan.ts QUICK_SCENARIOS. */
  quick: boolean;
}

export interface AuditSettings {
  /** AUDIT_CLI=1: run by the audit CLI (its reporters, every run it plans); else a self-test or a hand run. */
  cli: boolean;
  /** AUDIT_CLI_PID: the audit CLI's process, which its Playwright runner ends with (audit/end-with-cli.ts). */
  cliPid: number | undefined;
  /** AUDIT_OUT: where results, reports and the summary go (default out). */
  outDir: string;
  /** AUDIT_RUN_ID: names this run's profile dirs, so the CLI can sweep what a killed worker left (default adhoc). */
  runId: string;
  /** AUDIT_WORKERS (--workers): parallel browsers; undefined = the config's default. */
  workers: number | undefined;
  /** AUDIT_BROWSERS (--browsers): drivers/audit-browsers.ts ids, one audit project each. */
  browsers: string[];
  /** AUDIT_SCENARIOS, AUDIT_PRESETS, AUDIT_PERSONAS, AUDIT_QUICK: which part of the matrix is planned. */
  selection: PlanSelection;
  /** AUDIT_TARGETS (the CLI), else one AUDIT_TARGET file, else the embedded portal: one audit project each. */
  targets: AuditTarget[];
  /** AUDIT_TARGET: the fixtures' default target file ('' = the embedded reference portal). */
  targetFile: string;
  /** AUDIT_TARGET_NAME: the audited portals' names for the report; undefined = the embedded portal. */
  targetName: string | undefined;
  /** AUDIT_PORTAL_DEFECTS (--portal-defects): the catalogued defects the embedded portal starts with. */
  portalDefects: DefectId[];
  /** AUDIT_PORTAL_IDP (--portal-idp): the embedded portal's identity provider, OpenID Connect (default) or SAML. */
  portalIdp: 'oidc' | 'saml';
  /** AUDIT_PORTAL_MFA (--portal-mfa): the second factor the embedded portal's IdP asks for; undefined = none. */
  portalMfa: 'totp' | undefined;
  /** AUDIT_PORTAL_LOG: a file the embedded portal appends its log lines to (tests of the CLI wait on it). */
  portalLogFile: string | undefined;
  /** AUDIT_SCOPE: which plan and shard this run is (set by the CLI for the summary reporter). */
  scope: SummaryScope | undefined;
  /** SELENIUM_REMOTE_URL (--grid): the Selenium Grid the Selenium projects run on. */
  gridUrl: string | undefined;
  /**
   * AUDIT_CHROMIUM_PATH, AUDIT_FIREFOX_PATH, AUDIT_CHROMEDRIVER_PATH, AUDIT_WEBKITWEBDRIVER_PATH,
   * AUDIT_WEBKIT_BROWSER_PATH: a binary to use instead of the one the drivers would find (each unset: found).
   */
  executables: BrowserExecutables;
  /** AUDIT_SIGNING_KEY: signs the evidence manifest and checks a signature. */
  signingKey: Secret | undefined;
  /** AUDIT_REDACTION_KEY: the run's key for hashing cookie values in evidence (one per CLI run). */
  redactionKey: Secret | undefined;
  /**
   * AUDIT_HISTORY: the Allure history file a nightly CI keeps between runs (allurerc.mjs); the previous run of
   * each plan is kept beside it, to say what changed (cli/nightly.ts). Undefined: <out>/history/history.jsonl.
   */
  historyFile: string | undefined;
  /** AUDIT_NOTIFY_URL (or --notify URL): the webhook the changes are posted to; its URL is a secret of its own. */
  notifyUrl: Secret | undefined;
}

/** Bad settings: one line per wrong variable, each saying what is wrong and how to fix it. */
export class SettingsError extends AuditError {
  readonly code = 'SETTINGS_INVALID';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

// An empty variable means "not set": the CLI passes '' for an option not given, and `AUDIT_X= cmd` unsets one.
const unsetWhenEmpty = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(unsetWhenEmpty, schema.optional());
const text = optional(z.string());

/** A 0/1 switch; anything else is refused rather than read as off. */
const flag = (name: string) =>
  optional(z.enum(['0', '1'], { error: (issue) => `${name}=${JSON.stringify(issue.input)}: must be 1 (on) or 0 (off), or unset` })).transform((v) => v === '1');

/** A comma list whose every item `check` accepts; `check` throws the sentence for a wrong one. */
const list = <T>(check: (item: string) => T) =>
  text.transform((value, ctx): T[] | undefined => {
    if (value === undefined) return undefined;
    const items: T[] = [];
    for (const raw of value.split(',')) {
      try {
        items.push(check(raw.trim()));
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }
    return items;
  });

function oneOf<T extends string>(all: readonly T[], what: string): (item: string) => T {
  return (item) => {
    if (!(all as readonly string[]).includes(item)) throw new InputError(`unknown ${what} "${item}": use one of ${all.join(', ')}`);
    return item as T;
  };
}

/** JSON in a variable, checked against `schema`; `expected` says what the variable must hold. */
const json = <T extends z.ZodType>(name: string, schema: T, expected: string) =>
  text.transform((value, ctx): z.infer<T> | undefined => {
    if (value === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = undefined;
    }
    const checked = schema.safeParse(parsed);
    if (checked.success) return checked.data;
    ctx.addIssue({ code: 'custom', message: `${name} must be ${expected}, got ${value}` });
    return z.NEVER;
  });

const auditTargets = z.array(z.object({ file: z.string(), name: z.string().min(1) })).min(1);

const envSchema = z
  .object({
    AUDIT_CLI: flag('AUDIT_CLI'),
    AUDIT_CLI_PID: optional(z.string().regex(/^[1-9]\d*$/, { error: (issue) => `AUDIT_CLI_PID=${JSON.stringify(issue.input)}: must be a process id; unset it, the CLI sets its own` }).transform(Number)),
    AUDIT_OUT: text,
    AUDIT_RUN_ID: optional(z.string().regex(/^[\w-]+$/, { error: (issue) => `AUDIT_RUN_ID=${JSON.stringify(issue.input)}: must be letters, digits, - or _ (it names profile dirs); unset it, the CLI sets its own` })),
    AUDIT_WORKERS: optional(
      z
        .string()
        .regex(/^\s*[1-9]\d*\s*$/, { error: (issue) => `AUDIT_WORKERS=${JSON.stringify(issue.input)}: must be a whole number of parallel browsers, 1 or more, such as 2 (the CLI's --workers)` })
        .transform(Number),
    ),
    AUDIT_BROWSERS: list((id) => auditBrowserById(id).id),
    AUDIT_SCENARIOS: list((id) => scenarioById(id).id),
    AUDIT_PRESETS: list(oneOf(browserProfiles, 'preset')),
    AUDIT_PERSONAS: list(oneOf(personaIds, 'persona')),
    AUDIT_QUICK: flag('AUDIT_QUICK'),
    AUDIT_TARGETS: json('AUDIT_TARGETS', auditTargets, 'a JSON list of { file, name }'),
    AUDIT_TARGET: text,
    AUDIT_TARGET_NAME: text,
    AUDIT_PORTAL_DEFECTS: text.transform((value, ctx) => {
      try {
        return parseDefects(value ?? '');
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
    AUDIT_PORTAL_MFA: optional(z.enum(['totp'], { error: (issue) => `AUDIT_PORTAL_MFA=${JSON.stringify(issue.input)}: the one second factor is totp (the CLI's --portal-mfa totp), or unset` })),
    AUDIT_PORTAL_IDP: optional(z.enum(['oidc', 'saml'], { error: (issue) => `AUDIT_PORTAL_IDP=${JSON.stringify(issue.input)}: oidc or saml (the CLI's --portal-idp), or unset` })),
    AUDIT_PORTAL_LOG: text,
    AUDIT_SCOPE: json('AUDIT_SCOPE', summaryScopeSchema, 'the { plan, planRuns, shard? } JSON the audit CLI writes: unset it, or run the audit through logout-audit audit'),
    SELENIUM_REMOTE_URL: text,
    AUDIT_CHROMIUM_PATH: text,
    AUDIT_FIREFOX_PATH: text,
    AUDIT_CHROMEDRIVER_PATH: text,
    AUDIT_WEBKITWEBDRIVER_PATH: text,
    AUDIT_WEBKIT_BROWSER_PATH: text,
    AUDIT_SIGNING_KEY: text,
    AUDIT_REDACTION_KEY: text,
    AUDIT_HISTORY: text,
    AUDIT_NOTIFY_URL: optional(z.url({ protocol: /^https?$/, error: 'AUDIT_NOTIFY_URL: must be the http(s) URL of a webhook (Teams, Slack or your own)' })),
  })
  .transform(
    (env): AuditSettings => ({
      cli: env.AUDIT_CLI,
      cliPid: env.AUDIT_CLI_PID,
      outDir: env.AUDIT_OUT ?? 'out',
      runId: env.AUDIT_RUN_ID ?? 'adhoc',
      workers: env.AUDIT_WORKERS,
      // The self-test (npm test) audits the clean portal in all three engines; an audit names its own browsers.
      browsers: env.AUDIT_BROWSERS ?? (env.AUDIT_CLI ? ['chromium'] : ['chromium', 'firefox', 'webkit']),
      selection: { scenarios: env.AUDIT_SCENARIOS, presets: env.AUDIT_PRESETS, personas: env.AUDIT_PERSONAS, quick: env.AUDIT_QUICK },
      targets:
        env.AUDIT_TARGETS ??
        (env.AUDIT_TARGET ? [{ file: env.AUDIT_TARGET, name: env.AUDIT_TARGET_NAME ?? basename(env.AUDIT_TARGET) }] : [EMBEDDED_TARGET]),
      targetFile: env.AUDIT_TARGET ?? '',
      targetName: env.AUDIT_TARGET_NAME,
      portalDefects: env.AUDIT_PORTAL_DEFECTS,
      portalIdp: env.AUDIT_PORTAL_IDP ?? 'oidc',
      portalMfa: env.AUDIT_PORTAL_MFA,
      portalLogFile: env.AUDIT_PORTAL_LOG,
      scope: env.AUDIT_SCOPE,
      gridUrl: env.SELENIUM_REMOTE_URL,
      executables: {
        chromium: env.AUDIT_CHROMIUM_PATH,
        firefox: env.AUDIT_FIREFOX_PATH,
        chromedriver: env.AUDIT_CHROMEDRIVER_PATH,
        webkitWebDriver: env.AUDIT_WEBKITWEBDRIVER_PATH,
        webkitBrowser: env.AUDIT_WEBKIT_BROWSER_PATH,
      },
      signingKey: env.AUDIT_SIGNING_KEY === undefined ? undefined : new Secret(env.AUDIT_SIGNING_KEY),
      redactionKey: env.AUDIT_REDACTION_KEY === undefined ? undefined : new Secret(env.AUDIT_REDACTION_KEY),
      historyFile: env.AUDIT_HISTORY,
      notifyUrl: env.AUDIT_NOTIFY_URL === undefined ? undefined : new Secret(env.AUDIT_NOTIFY_URL),
    }),
  );

/** The settings in `env`; throws SettingsError naming every wrong variable. */
export function parseAuditSettings(env: NodeJS.ProcessEnv): AuditSettings {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new SettingsError(parsed.error.issues.map((issue) => issue.message));
  return parsed.data;
}

let current: AuditSettings | undefined;

/** This process's settings, parsed from its environment on first use (the config, a reporter, a worker's fixtures). */
export function auditSettings(): AuditSettings {
  current ??= parseAuditSettings(process.env);
  return current;
}
