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
