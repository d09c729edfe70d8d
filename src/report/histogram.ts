/** Counts of `values` (where `keep` is true, if given) in `bins` equal-width bins over [low, high]; the top edge falls in the last bin. */
export function histogram(values: ArrayLike<number>, low: number, high: number, bins: number, keep?: (i: number) => boolean): number[] {
  const counts = new Array<number>(bins).fill(0);
  const width = (high - low) / bins;
  for (let i = 0; i < values.length; i++) {
    if (keep && !keep(i)) continue;
    const v = values[i] as number;
    if (!(v >= low && v <= high)) continue;
    const bin = width > 0 ? Math.min(Math.floor((v - low) / width), bins - 1) : 0;
    counts[bin] = (counts[bin] as number) + 1;
  }
  return counts;
}
