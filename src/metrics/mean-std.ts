export interface MeanStd {
  mean: number;
  /** Sample standard deviation (n − 1), the spread to expect from one more seed. */
  std: number;
}

/** Mean and sample standard deviation of a metric over seeds. One value has std 0; none gives NaN for both. */
export function meanStd(values: readonly number[]): MeanStd {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN };
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  if (n === 1) return { mean, std: 0 };
  const squares = values.reduce((sum, v) => sum + (v - mean) ** 2, 0);
  return { mean, std: Math.sqrt(squares / (n - 1)) };
}
