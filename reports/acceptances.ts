import type { Acceptance } from './accepted-file';
import type { ChangeMark } from './changes';
import type { SummaryEntry } from './summary';

// Which findings an owner's acceptance covers tonight, and which acceptances are expired or no longer used.
// An accepted finding is still shown (marked accepted); it does not fail the gate until its acceptance expires.

/** The acceptance a finding was matched with, as summary.json shows it beside the entry. */
export type AcceptanceMark = Pick<Acceptance, 'code' | 'reason' | 'acceptedBy' | 'expires'>;

export interface AcceptanceReport {
  /** The files the acceptances came from. */
  files: string[];
  /** Unexpired and matched by at least one finding of this run. */
  used: Acceptance[];
  /** Past their last day: the findings they covered fail the gate again. */
  expired: Acceptance[];
  /** Unexpired but matched by no finding: the weakness may be fixed, or the entry is misspelt. */
  unused: Acceptance[];
}

/** `expires` is the last day it holds (UTC): the 31st holds all of the 31st. */
export function isExpired(acceptance: Pick<Acceptance, 'expires'>, now: Date): boolean {
  return acceptance.expires < now.toISOString().slice(0, 10);
}

const covers = (a: Acceptance, entry: SummaryEntry, code: string) => a.code === code && a.scenario === entry.scenario && (a.target === undefined || a.target === entry.target);

/** Every entry with the unexpired acceptances of its findings (`accepted`), and what became of each acceptance. */
export function applyAcceptances<T extends SummaryEntry>(entries: T[], acceptances: Acceptance[], files: string[], now: Date): { entries: (T & { accepted?: AcceptanceMark[] })[]; report: AcceptanceReport } {
  const used = new Set<Acceptance>();
  const marked = entries.map((entry) => {
    if (entry.verdict !== 'failed') return entry;
    const marks = entry.findings.flatMap((finding) => {
      const acceptance = acceptances.find((a) => !isExpired(a, now) && covers(a, entry, finding.code));
      if (!acceptance) return [];
      used.add(acceptance);
      return [{ code: acceptance.code, reason: acceptance.reason, acceptedBy: acceptance.acceptedBy, expires: acceptance.expires }];
    });
    return marks.length > 0 ? { ...entry, accepted: marks } : entry;
  });
  return {
    entries: marked,
    report: {
      files,
      used: acceptances.filter((a) => used.has(a)),
      expired: acceptances.filter((a) => isExpired(a, now)),
      unused: acceptances.filter((a) => !isExpired(a, now) && !used.has(a)),
    },
  };
}

/** Whether every finding of a failed entry is covered by an unexpired acceptance. */
export function fullyAccepted(entry: Pick<SummaryEntry, 'findings'> & { accepted?: AcceptanceMark[] }): boolean {
  const accepted = new Set((entry.accepted ?? []).map((a) => a.code));
  return entry.findings.length > 0 && entry.findings.every((f) => accepted.has(f.code));
}

/** --fail-on: `any` finding fails the gate (the default), or only `new` ones (a portal with known findings). */
export const failOnChoices = ['any', 'new'] as const;
export type FailOn = (typeof failOnChoices)[number];

/**
 * Whether a failed entry fails the gate: not when fully accepted, and with --fail-on new only when new since the
 * previous run, or when it was covered by an acceptance that has expired (an ended acceptance always bites).
 */
export function failsGate(entry: SummaryEntry & { change?: ChangeMark; accepted?: AcceptanceMark[] }, failOn: FailOn, expired: Acceptance[]): boolean {
  if (entry.verdict !== 'failed' || fullyAccepted(entry)) return false;
  if (failOn === 'any') return true;
  return entry.change !== 'still' || entry.findings.some((f) => expired.some((a) => covers(a, entry, f.code)));
}
