import { checkSameLength, checkWeights } from "../../metrics/check.js";
import { ascendingOrder } from "../../metrics/order.js";
import { checkBinary } from "../check.js";
import { checkBothArms, checkMatrix, checkPropensities, checkRowCount } from "./check.js";
import { sortedQuantile } from "./quantile.js";

/**
 * Standardised mean difference of each covariate, treated minus untreated:
 * (x̄₁ − x̄₀) / √((s₁² + s₀²)/2). With weights the means are weighted within each arm, but
 * the denominator stays the unweighted arms' sample variances (n − 1), the convention of
 * Austin (2011) and Austin and Stuart (2015): weighting should be judged by how far it moves
 * the means on one fixed scale, not by a scale it also changes. |SMD| < 0.1 is the usual bar
 * for balance. A covariate constant in both arms has SMD 0 when the means agree.
 */
export function standardizedMeanDifferences(
  x: Float64Array,
  columns: number,
  t: ArrayLike<number>,
  weights?: ArrayLike<number>,
): Float64Array {
  const rows = checkBalanceInputs("standardizedMeanDifferences", x, columns, t, weights);
  const smd = new Float64Array(columns);
  const column = new Float64Array(rows);
  for (let j = 0; j < columns; j++) {
    for (let i = 0; i < rows; i++) column[i] = x[i * columns + j] as number;
    const treated = armMoments(column, t, 1, weights);
    const untreated = armMoments(column, t, 0, weights);
    const difference = treated.weightedMean - untreated.weightedMean;
    const scale = Math.sqrt((treated.variance + untreated.variance) / 2);
    smd[j] = difference === 0 ? 0 : difference / scale;
  }
  return smd;
}

/**
 * Two-sample Kolmogorov–Smirnov statistic of each covariate between the arms, each arm's
 * empirical distribution weighted (weights normalised within the arm): sup_v |F₁(v) − F₀(v)|.
 * Tied values move as one block, as a threshold cannot split them. SMDs see only means; the
 * KS statistic also catches arms with equal means and different spreads or shapes.
 */
export function weightedKs(x: Float64Array, columns: number, t: ArrayLike<number>, weights?: ArrayLike<number>): Float64Array {
  const rows = checkBalanceInputs("weightedKs", x, columns, t, weights);
  let treatedTotal = 0;
  let untreatedTotal = 0;
  for (let i = 0; i < rows; i++) {
    const w = weights === undefined ? 1 : (weights[i] as number);
    if (t[i] === 1) treatedTotal += w;
    else untreatedTotal += w;
  }
  const statistics = new Float64Array(columns);
  const column = new Float64Array(rows);
  for (let j = 0; j < columns; j++) {
    for (let i = 0; i < rows; i++) column[i] = x[i * columns + j] as number;
    const order = ascendingOrder(column);
    let treatedBelow = 0;
    let untreatedBelow = 0;
    let statistic = 0;
    for (let k = 0; k < rows; ) {
      const value = column[order[k] as number];
      for (; k < rows && column[order[k] as number] === value; k++) {
        const row = order[k] as number;
        const w = weights === undefined ? 1 : (weights[row] as number);
        if (t[row] === 1) treatedBelow += w;
        else untreatedBelow += w;
      }
      statistic = Math.max(statistic, Math.abs(treatedBelow / treatedTotal - untreatedBelow / untreatedTotal));
    }
    statistics[j] = statistic;
  }
  return statistics;
}

export interface WeightSummary {
  min: number;
  max: number;
  /** Type-7 percentiles (as NumPy and R compute them). */
  percentiles: { p1: number; p5: number; p25: number; p50: number; p75: number; p95: number; p99: number };
  /** Kish's effective sample size (Σw)²/Σw²: the number of equally weighted rows with the same variance. */
  effectiveSampleSize: number;
}

/** The spread of a set of weights; pass one arm's weights for that arm's effective sample size. */
export function weightSummary(weights: ArrayLike<number>): WeightSummary {
  checkWeights("weightSummary", weights);
  const sorted = Float64Array.from(weights).sort();
  let sum = 0;
  let squares = 0;
  for (const w of sorted) {
    sum += w;
    squares += w * w;
  }
  const at = (q: number) => sortedQuantile(sorted, q);
  return {
    min: sorted.length > 0 ? (sorted[0] as number) : Number.NaN,
    max: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : Number.NaN,
    percentiles: { p1: at(0.01), p5: at(0.05), p25: at(0.25), p50: at(0.5), p75: at(0.75), p95: at(0.95), p99: at(0.99) },
    effectiveSampleSize: squares > 0 ? (sum * sum) / squares : 0,
  };
}

export interface OverlapWarning {
  side: "below" | "above";
  threshold: number;
  count: number;
  /** count over all rows. */
  share: number;
  message: string;
}

/**
 * Rows whose propensity is below `lower` or above `upper` (default 0.01 and 0.99): their
 * inverse weights pass 100, a handful of them can dominate an IPW estimate, and for them the
 * data barely show the other arm (positivity nearly fails). One warning per side with rows.
 */
export function overlapWarnings(e: ArrayLike<number>, opts: { lower?: number; upper?: number } = {}): OverlapWarning[] {
  const { lower = 0.01, upper = 0.99 } = opts;
  checkPropensities("overlapWarnings", e);
  let below = 0;
  let above = 0;
  for (let i = 0; i < e.length; i++) {
    if ((e[i] as number) < lower) below++;
    else if ((e[i] as number) > upper) above++;
  }
  const warnings: OverlapWarning[] = [];
  const describe = (side: "below" | "above", threshold: number, count: number) => {
    const share = count / e.length;
    const weight = side === "below" ? "1/e" : "1/(1 − e)";
    const message = `${count} of ${e.length} rows (${(100 * share).toFixed(2)} %) have propensity ${side} ${threshold}; their weight ${weight} exceeds ${Math.round(side === "below" ? 1 / threshold : 1 / (1 - threshold))}. Trim them (ipwTrimmedAte), use a doubly robust estimate, or restrict the population.`;
    warnings.push({ side, threshold, count, share, message });
  };
  if (below > 0) describe("below", lower, below);
  if (above > 0) describe("above", upper, above);
  return warnings;
}

interface ArmMoments {
  weightedMean: number;
  /** Unweighted sample variance (n − 1); 0 for a single row. */
  variance: number;
}

function armMoments(column: Float64Array, t: ArrayLike<number>, arm: number, weights: ArrayLike<number> | undefined): ArmMoments {
  let count = 0;
  let mean = 0;
  let weightTotal = 0;
  let weightedSum = 0;
  for (let i = 0; i < column.length; i++) {
    if (t[i] !== arm) continue;
    const value = column[i] as number;
    const w = weights === undefined ? 1 : (weights[i] as number);
    count++;
    mean += value;
    weightTotal += w;
    weightedSum += w * value;
  }
  mean /= count;
  let squares = 0;
  for (let i = 0; i < column.length; i++) if (t[i] === arm) squares += ((column[i] as number) - mean) ** 2;
  return { weightedMean: weightedSum / weightTotal, variance: count > 1 ? squares / (count - 1) : 0 };
}

function checkBalanceInputs(
  fn: string,
  x: Float64Array,
  columns: number,
  t: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
): number {
  const rows = checkMatrix(fn, x, columns);
  checkRowCount(fn, rows, { t });
  checkBinary(fn, "t", t);
  checkBothArms(fn, t);
  if (weights !== undefined) {
    checkSameLength(fn, { t, weights });
    checkWeights(fn, weights);
  }
  return rows;
}
