import { MtrecError } from "../../errors.js";
import { Rng } from "../../nn/rng.js";
import { sortedQuantile } from "./quantile.js";

export interface BootstrapOptions {
  /** Fixes the resamples: the same seed, n and statistic give the same result. */
  seed: number;
  /** Resamples; default 200. */
  replicates?: number;
  /** Coverage of the percentile interval; default 0.95. */
  level?: number;
}

export interface BootstrapResult {
  /** Sample standard deviation (n − 1) of the replicate statistics. */
  se: number;
  /** Percentile interval: the (1 − level)/2 and (1 + level)/2 quantiles of the replicates. */
  ci: [number, number];
  /** The statistic on each resample, in the order drawn. */
  estimates: Float64Array;
}

/**
 * Nonparametric bootstrap (Efron): each replicate draws n row indices uniformly with
 * replacement and evaluates `statistic` on them. The percentile interval needs no normality
 * of the estimator, and 200 replicates settle a standard error to about 5 %; intervals at
 * 99 % want a few thousand. The statistic must refit whatever it estimates (a propensity
 * model, say) if that estimation's variance is to be counted.
 */
export function bootstrap(n: number, statistic: (idx: Int32Array) => number, opts: BootstrapOptions): BootstrapResult {
  const { seed, replicates = 200, level = 0.95 } = opts;
  if (!Number.isInteger(n) || n < 1) {
    throw new MtrecError("BAD_ARGUMENT", `mtrec: bootstrap: n is ${n}; it must be the number of rows to resample, a whole number ≥ 1.`);
  }
  if (!Number.isInteger(replicates) || replicates < 2) {
    throw new MtrecError("BAD_ARGUMENT", `mtrec: bootstrap: replicates is ${replicates}; it must be a whole number ≥ 2 (200 is usual).`);
  }
  if (!(level > 0 && level < 1)) {
    throw new MtrecError("BAD_ARGUMENT", `mtrec: bootstrap: level is ${level}; it is the interval's coverage, strictly between 0 and 1.`);
  }
  const rng = new Rng(seed);
  const estimates = new Float64Array(replicates);
  for (let r = 0; r < replicates; r++) {
    const idx = new Int32Array(n); // fresh each time, so a statistic may keep it
    for (let i = 0; i < n; i++) idx[i] = rng.int(n);
    const value = statistic(idx);
    if (!Number.isFinite(value)) {
      throw new MtrecError(
        "BAD_DATA",
        `mtrec: bootstrap: the statistic returned ${value} on replicate ${r}; a resample may have lost a whole arm or class. Use more rows or a statistic defined on every resample.`,
      );
    }
    estimates[r] = value;
  }
  let mean = 0;
  for (const value of estimates) mean += value;
  mean /= replicates;
  let squares = 0;
  for (const value of estimates) squares += (value - mean) ** 2;
  const sorted = Float64Array.from(estimates).sort();
  return {
    se: Math.sqrt(squares / (replicates - 1)),
    ci: [sortedQuantile(sorted, (1 - level) / 2), sortedQuantile(sorted, (1 + level) / 2)],
    estimates,
  };
}

/** values[idx[i]] for each i: a resampled copy of a per-row array. */
export function resample(values: ArrayLike<number>, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = values[idx[i] as number] as number;
  return out;
}

/** The rows idx of a row-major matrix with `columns` columns, in that order. */
export function resampleRows(x: Float64Array, columns: number, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length * columns);
  for (let i = 0; i < idx.length; i++) out.set(x.subarray((idx[i] as number) * columns, ((idx[i] as number) + 1) * columns), i * columns);
  return out;
}
