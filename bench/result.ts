/** The one JSON object every bench prints. `ratio` is mtrec over reference: above 1, mtrec is faster. */
export interface BenchResult {
  bench: string;
  results: { case: string; mtrec: Record<string, unknown>; reference: Record<string, unknown> | null; ratio: number | null }[];
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export interface Timing {
  batch: number;
  steps: number;
  rounds: number;
  warmup: number;
}

/** Samples per second of `stepOnce`: the median of `rounds` rounds of `steps` steps after a warm-up. */
export async function samplesPerSec(stepOnce: () => Promise<void>, t: Timing): Promise<number> {
  for (let i = 0; i < t.warmup; i++) await stepOnce();
  const rates: number[] = [];
  for (let r = 0; r < t.rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < t.steps; i++) await stepOnce();
    rates.push((t.batch * t.steps * 1000) / (performance.now() - t0));
  }
  return median(rates);
}

/** The fastest thread count of a per-thread-count table of rates. */
export function fastest(perThreads: Record<string, number>): [string, number] {
  return Object.entries(perThreads).reduce((a, b) => (b[1] > a[1] ? b : a));
}
