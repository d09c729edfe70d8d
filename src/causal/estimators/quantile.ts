/**
 * The q-quantile of already ascending values by linear interpolation between order
 * statistics (Hyndman and Fan's type 7, the default of R's `quantile` and NumPy's
 * `percentile`), so percentiles here agree with what a user checks them against.
 */
export function sortedQuantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = q * (n - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, n - 1);
  const fraction = position - below;
  const low = sorted[below] as number;
  return fraction === 0 ? low : low + fraction * ((sorted[above] as number) - low);
}

/** The q-quantile of values in any order; see {@link sortedQuantile}. */
export function quantile(values: ArrayLike<number>, q: number): number {
  return sortedQuantile(Float64Array.from(values).sort(), q);
}
