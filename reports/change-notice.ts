import { fullyAccepted } from './acceptances';
import { describeChanges, type ChangeMark } from './changes';
import type { Summary, SummaryEntry } from './summary';

// What --notify posts: the changes since the previous run, for someone who will not open the report. It names
// runs and codes only: never a finding's message, a page's text, a URL of the portal, a cookie or a token, so
// nothing a webhook's channel keeps could help anyone into the portal.

export const notifyFormats = ['json', 'teams', 'slack'] as const;
export type NotifyFormat = (typeof notifyFormats)[number];

/** One run in a notice: who it is and which codes, nothing the run saw. */
export interface NoticeRun {
  target: string;
  scenario: string;
  driver: string;
  preset: string;
  persona: string;
  verdict: SummaryEntry['verdict'];
  /** The result's stable code(s): the finding codes, or the broken run's code. */
  codes: string[];
  /** Every finding covered by an unexpired acceptance. */
  accepted: boolean;
}

/** The `json` format, and what the others are written from. */
export interface ChangeNotice {
  tool: 'logout-audit';
  target: string;
  /** When the run compared with finished; absent on the first run of a plan. */
  since?: string;
  finishedAt: string;
  exitCode: number;
  /** "Changes since …: 1 new, 0 fixed, …". */
  headline: string;
  counts: Record<ChangeMark, number>;
  new: NoticeRun[];
  fixed: NoticeRun[];
  newlyUndecided: NoticeRun[];
  expiredAcceptances: { scenario: string; code: string; expires: string; acceptedBy: string }[];
}

const toRun = (e: SummaryEntry): NoticeRun => ({
  target: e.target,
  scenario: e.scenario,
  driver: e.driver,
  preset: e.preset,
  persona: e.persona,
  verdict: e.verdict,
  codes: e.findings.length > 0 ? e.findings.map((f) => f.code) : [e.code],
  accepted: e.verdict === 'failed' && fullyAccepted(e),
});

export function changeNotice(summary: Summary, exitCode: number): ChangeNotice {
  const changes = summary.changes ?? { baseline: 'not compared', counts: { new: 0, still: 0, fixed: 0, 'newly undecided': 0 } };
  const marked = (mark: ChangeMark) => summary.results.filter((e) => e.change === mark).map(toRun);
  return {
    tool: 'logout-audit',
    target: summary.target,
    ...(changes.since ? { since: changes.since } : {}),
    finishedAt: summary.finishedAt,
    exitCode,
    headline: describeChanges(changes),
    counts: changes.counts,
    new: marked('new'),
    fixed: marked('fixed'),
    newlyUndecided: marked('newly undecided'),
    expiredAcceptances: (summary.acceptances?.expired ?? []).map(({ scenario, code, expires, acceptedBy }) => ({ scenario, code, expires, acceptedBy })),
  };
}

/** A chat message is read on a phone: at most this many run lines, then "and N more". */
const MAX_LINES = 15;

/** The notice as lines of text, for the chat formats. */
export function noticeLines(notice: ChangeNotice): string[] {
  const run = (label: string, r: NoticeRun) => `${label} ${r.scenario} (${r.driver}, ${r.preset}, ${r.persona}${r.target === notice.target ? '' : `, ${r.target}`}): ${r.codes.join(', ')}${r.accepted ? ' [accepted]' : ''}`;
  const lines = [
    ...notice.new.map((r) => run(r.verdict === 'failed' ? 'NEW finding' : 'NEW', r)),
    ...notice.newlyUndecided.map((r) => run('NEWLY UNDECIDED', r)),
    ...notice.fixed.map((r) => run('FIXED', r)),
    ...notice.expiredAcceptances.map((a) => `EXPIRED acceptance: ${a.scenario} ${a.code} ended ${a.expires} (accepted by ${a.acceptedBy})`),
  ];
  return lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES), `… and ${lines.length - MAX_LINES} more (summary.json of the run)`] : lines;
}

function title(notice: ChangeNotice): string {
  const verdict = { 0: 'passed', 1: 'FINDINGS', 2: 'UNDECIDED' }[notice.exitCode] ?? `exit ${notice.exitCode}`;
  return `logout-audit ${notice.target}: ${verdict} (exit ${notice.exitCode}). ${notice.headline}`;
}

/** The body posted for `format`: the notice itself, a Slack incoming-webhook message, or a Teams Adaptive Card. */
export function noticeBody(notice: ChangeNotice, format: NotifyFormat): unknown {
  if (format === 'json') return notice;
  const lines = noticeLines(notice);
  if (format === 'slack') {
    // Slack incoming webhooks: `text` is the notification's fallback, the section block the message.
    return { text: title(notice), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: [`*${title(notice)}*`, ...lines].join('\n') } }] };
  }
  // Teams: the message shape both Workflows ("When a Teams webhook request is received") and the older
  // incoming-webhook connectors accept: one Adaptive Card as an attachment.
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [{ type: 'TextBlock', text: title(notice), weight: 'Bolder', wrap: true }, ...lines.map((text) => ({ type: 'TextBlock', text, wrap: true, spacing: 'None' }))],
        },
      },
    ],
  };
}
