// Issue 35's targets, checked against one bench result (never by a timed test). A target the bench cannot
// measure (npm test: the bench never runs it) or a part that was left out (BENCH_PARTS) is `met: null`.

export interface TargetCheck {
  target: string;
  /** The bench.json key the figure is read from. */
  key: string;
  value: number | null;
  limit: number;
  met: boolean | null;
}

const TARGETS: { target: string; key: string; limit: number }[] = [
  { target: 'harness / bare script, median wall time', key: 'overheadRatioMedian', limit: 1.1 },
  { target: 'harness / bare script, median CPU', key: 'overheadCpuRatioMedian', limit: 1.1 },
  { target: 'default audit CPU / bare script CPU, same plan', key: 'defaultAuditCpuRatio', limit: 1.2 },
  { target: 'peak PSS per browser worker, MiB', key: 'peakRssMbPerBrowserWorker', limit: 600 },
  { target: 'npm test, minutes (not run by the bench)', key: 'npmTestMinutes', limit: 25 },
  { target: '--quick audit, seconds', key: 'quickAuditSeconds', limit: 40 },
];

export function checkTargets(figures: Record<string, unknown>): TargetCheck[] {
  return TARGETS.map(({ target, key, limit }) => {
    const value = typeof figures[key] === 'number' ? figures[key] : null;
    return { target, key, value, limit, met: value === null ? null : value <= limit };
  });
}
