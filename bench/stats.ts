// Timing and summary helpers shared by the bench scripts. Benchmarks report medians with their spread; no test
// ever asserts on these numbers.

export interface Stats {
  median: number;
  min: number;
  max: number;
  n: number;
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function median(sorted: number[]): number {
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median, min and max, rounded to `digits` decimals (whole milliseconds by default). */
export function stats(samples: number[], digits = 0): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (x: number) => Number(x.toFixed(digits));
  return { median: round(median(sorted)), min: round(sorted[0] ?? 0), max: round(sorted.at(-1) ?? 0), n: sorted.length };
}

/** The median of the pairwise ratios a[i]/b[i]: each pair ran back to back, so both saw the same load. */
export function ratioStats(a: number[], b: number[]): Stats {
  return stats(
    a.map((x, i) => x / (b[i] ?? NaN)).filter((r) => Number.isFinite(r)),
    2,
  );
}
