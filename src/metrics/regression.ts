import { checkSameLength } from "./check.js";

// Empty input gives NaN (0 / 0) for every function here: nothing was measured.

/** Mean squared error. */
export function mse(labels: ArrayLike<number>, preds: ArrayLike<number>): number {
  const n = checkSameLength("mse", { labels, preds });
  return sumOfSquaredErrors(labels, preds) / n;
}

/** Root mean squared error, in the label's units. */
export function rmse(labels: ArrayLike<number>, preds: ArrayLike<number>): number {
  const n = checkSameLength("rmse", { labels, preds });
  return Math.sqrt(sumOfSquaredErrors(labels, preds) / n);
}

/** Mean absolute error. */
export function mae(labels: ArrayLike<number>, preds: ArrayLike<number>): number {
  const n = checkSameLength("mae", { labels, preds });
  let total = 0;
  for (let i = 0; i < n; i++) total += Math.abs((labels[i] as number) - (preds[i] as number));
  return total / n;
}

/**
 * Coefficient of determination 1 − SS_res / SS_tot, as scikit-learn's r2_score: negative
 * when the predictions do worse than the labels' mean. For constant labels (SS_tot = 0)
 * it is 1 if the predictions are exact and 0 otherwise, scikit-learn's force_finite rule;
 * with fewer than two rows it is NaN.
 */
export function r2(labels: ArrayLike<number>, preds: ArrayLike<number>): number {
  const n = checkSameLength("r2", { labels, preds });
  if (n < 2) return Number.NaN;
  let labelSum = 0;
  for (let i = 0; i < n; i++) labelSum += labels[i] as number;
  const labelMean = labelSum / n;
  // Two passes: subtracting the mean first keeps SS_tot accurate for labels far from 0.
  let totalSquares = 0;
  for (let i = 0; i < n; i++) totalSquares += ((labels[i] as number) - labelMean) ** 2;
  const residualSquares = sumOfSquaredErrors(labels, preds);
  if (totalSquares === 0) return residualSquares === 0 ? 1 : 0;
  return 1 - residualSquares / totalSquares;
}

function sumOfSquaredErrors(labels: ArrayLike<number>, preds: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < labels.length; i++) total += ((labels[i] as number) - (preds[i] as number)) ** 2;
  return total;
}
