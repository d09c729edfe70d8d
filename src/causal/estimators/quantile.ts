/**
 * The q-quantile of already ascending values by linear interpolation between order
 * statistics (Hyndman and Fan's type 7, the default of R's `quantile` and NumPy's
 * `percentile`), so percentiles here agree with what a user checks them against.
 */
export function sortedQuantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  // (1 − 0.95)/2 is 0.025000000000000022; a position that misses a whole number by such
  // rounding is that order statistic, not a blend with the next one.
  const exact = q * (n - 1);
  const position = Math.abs(exact - Math.round(exact)) < 1e-9 ? Math.round(exact) : exact;
  const below = Math.floor(position);
  const above = Math.min(below + 1, n - 1);
  const fraction = position - below;
  const low = sorted[below] as number;
  return fraction === 0 ? low : low + fraction * ((sorted[above] as number) - low);
}
