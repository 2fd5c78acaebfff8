import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { acceptancesOfRun, type Acceptance } from '../reports/accepted-file';
import { applyAcceptances, failOnChoices, failsGate, type FailOn } from '../reports/acceptances';
import { baselineOfSummary, baselineSchema, countChanges, markChanges, nextBaseline, somethingChanged, type Baseline } from '../reports/changes';
import { changeNotice, noticeBody, notifyFormats, type NotifyFormat } from '../reports/change-notice';
import type { Summary, SummaryEntry } from '../reports/summary';
import { InputError } from '../errors/audit-error';
import { postNotice } from './notify';

// A nightly run says what changed since the previous run of the same plan, lets an owner accept a known
// finding until a date, gates on any or only new findings, and tells someone. Used by `audit` and by the merge
// of `report` (which gives the nightly's verdict over the shards). The previous run of each plan is kept beside
// the Allure history (AUDIT_HISTORY), which CI already carries from night to night.

/** The options as the commands take them (`audit` and `report` alike). */
export const nightlyCliOptions = {
  baseline: { type: 'string', default: '' },
  accepted: { type: 'string', default: '' },
  'fail-on': { type: 'string', default: 'any' },
  notify: { type: 'string', default: '' },
  'notify-always': { type: 'boolean', default: false },
  'notify-format': { type: 'string', default: 'json' },
} as const;

export const NIGHTLY_USAGE = `  --baseline DIR         compare with the output folder of an earlier run (default: the previous run of the
                         same plan, kept beside the Allure history, AUDIT_HISTORY)
  --accepted FILE        accepted findings (default: <target>.accepted.json beside each --target file)
  --fail-on any|new      which findings fail the gate (exit 1): any (default), or only new ones
  --notify URL           post what changed to a webhook (also AUDIT_NOTIFY_URL); only when something changed,
  --notify-always        or after every run
  --notify-format F      json (default), teams or slack`;

export interface NightlyArgs {
  baseline: string;
  accepted: string;
  'fail-on': string;
  notify: string;
  'notify-always': boolean;
  'notify-format': string;
}

export interface Nightly {
  failOn: FailOn;
  acceptances: Acceptance[];
  acceptedFiles: string[];
  /** From --baseline DIR, read before the run removes anything; undefined: the kept previous run. */
  givenBaseline: { baseline: Baseline; from: string } | undefined;
  historyDir: string;
  notify: { url: string; always: boolean; format: NotifyFormat } | undefined;
}

/** Every nightly option checked, and the accepted-findings and baseline files read, before any browser starts. */
export function prepareNightly(args: NightlyArgs, targets: { file: string; name: string }[], historyFile: string, notifyUrl: string | undefined): Nightly {
  const failOn = args['fail-on'];
  if (!(failOnChoices as readonly string[]).includes(failOn)) throw new InputError(`--fail-on ${failOn}: use any (every finding fails the gate) or new (only findings new since the previous run)`);
  const format = args['notify-format'];
  if (!(notifyFormats as readonly string[]).includes(format)) throw new InputError(`--notify-format ${format}: use one of ${notifyFormats.join(', ')}`);
  const url = args.notify || notifyUrl;
  if (url !== undefined && !/^https?:\/\/[^/\s]+/.test(url)) throw new InputError('--notify needs the http(s) URL of a webhook, e.g. --notify https://hooks.slack.com/services/…');
  // --notify-format alone is allowed: a CI template names its format whether or not a webhook secret is set.
  if (args['notify-always'] && !url) throw new InputError('--notify-always needs a webhook: --notify URL (or AUDIT_NOTIFY_URL)');
  const { files, acceptances } = acceptancesOfRun(args.accepted || undefined, targets);
  return {
    failOn: failOn as FailOn,
    acceptances,
    acceptedFiles: files,
    givenBaseline: args.baseline ? readGivenBaseline(args.baseline) : undefined,
    historyDir: dirname(resolve(historyFile)),
    notify: url ? { url, always: args['notify-always'], format: format as NotifyFormat } : undefined,
  };
}

function readGivenBaseline(dir: string): { baseline: Baseline; from: string } {
  const file = join(resolve(dir), 'summary.json');
  if (!existsSync(file)) throw new InputError(`--baseline ${dir} has no summary.json: give the output folder of an earlier audit`);
  try {
    return { baseline: baselineOfSummary(JSON.parse(readFileSync(file, 'utf8')) as Summary), from: file };
  } catch (error) {
    throw new InputError(`--baseline ${dir}: its summary.json cannot be read (${(error as Error).message})`);
  }
}

/** Where the previous run of `plan` is kept: beside the Allure history, one file per plan. */
export function keptBaselineFile(historyDir: string, plan: string): string {
  return join(historyDir, `last-run-${plan.slice(0, 16)}.json`);
}

function readKeptBaseline(file: string): Baseline | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = baselineSchema.safeParse((() => {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      return undefined;
    }
  })());
  if (!parsed.success) console.error(`logout-audit: ${file} is not a previous run this version can read; every finding counts as new`);
  return parsed.success ? parsed.data : undefined;
}

/** The summary marked with its changes and acceptances, and the gate that decides which findings exit 1. */
export function applyNightly(summary: Summary, nightly: Nightly, now = new Date()): { summary: Summary; failsGate: (entry: SummaryEntry) => boolean; previous: Baseline | undefined } {
  const keptFile = summary.scope ? keptBaselineFile(nightly.historyDir, summary.scope.plan) : undefined;
  const previous = nightly.givenBaseline?.baseline ?? (keptFile ? readKeptBaseline(keptFile) : undefined);
  const from = nightly.givenBaseline?.from ?? keptFile;
  const marked = markChanges(summary.results, previous);
  const { entries, report } = applyAcceptances(marked, nightly.acceptances, nightly.acceptedFiles, now);
  const result: Summary = {
    ...summary,
    changes: {
      ...(previous ? { since: previous.finishedAt } : {}),
      baseline: previous ? (from ?? 'given') : 'no previous run of this plan',
      counts: countChanges(entries),
    },
    ...(nightly.acceptances.length > 0 ? { acceptances: report } : {}),
    failOn: nightly.failOn,
    results: entries,
  };
  return { summary: result, failsGate: (entry) => failsGate(entry, nightly.failOn, report.expired), previous };
}

/**
 * Keeps this run for the next one to compare with: only a whole, finished run of the plan (not a shard, not an
 * interrupted or failed audit). Written whole or not at all.
 */
export function keepBaseline(summary: Summary, nightly: Nightly, previous: Baseline | undefined): void {
  if (!summary.scope || summary.scope.shard || summary.interrupted || summary.harnessFailure) return;
  const file = keptBaselineFile(nightly.historyDir, summary.scope.plan);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(nextBaseline(summary.results, summary.finishedAt, summary.scope.plan, previous), null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** Posts the changes when something changed (or always, with --notify-always); a failure is a warning only. */
export async function notifyChanges(summary: Summary, nightly: Nightly, exitCode: number): Promise<void> {
  if (!nightly.notify || !summary.changes) return;
  const expired = (summary.acceptances?.expired.length ?? 0) > 0;
  if (!nightly.notify.always && !somethingChanged(summary.changes.counts) && !expired) {
    console.log('Notification: nothing changed since the previous run, none sent (--notify-always sends one every run)');
    return;
  }
  const warning = await postNotice(nightly.notify.url, noticeBody(changeNotice(summary, exitCode), nightly.notify.format));
  if (warning) console.error(`logout-audit: warning: ${warning}; the exit code is the audit's`);
  else console.log(`Notification: sent (${nightly.notify.format}) to ${new URL(nightly.notify.url).origin}`);
}
