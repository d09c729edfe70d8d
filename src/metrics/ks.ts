import { checkBinaryLabels, checkNotNaN, checkSameLength } from "./check.js";
import { ascendingOrder } from "./order.js";

/**
 * Kolmogorov–Smirnov statistic: the largest gap |TPR − FPR| over all thresholds, the
 * credit-scoring measure of how far apart the two classes' score distributions are.
 * A threshold cannot split tied scores, so a tied block moves across it whole; this is
 * also the two-sample KS statistic of positives' scores against negatives'. NaN when the
 * rows hold only one class, or none. Labels must be 0 or 1; scores not NaN.
 */
export function ks(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  checkSameLength("ks", { labels, scores });
  checkBinaryLabels("ks", labels);
  checkNotNaN("ks", "scores", scores);
  return ksOfScoreOrder(labels, scores, ascendingOrder(scores));
}

/** KS from rows already ordered by ascending score. */
export function ksOfScoreOrder(labels: ArrayLike<number>, scores: ArrayLike<number>, order: Uint32Array): number {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] as number;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  // Walking up from the lowest score gives 1 − TPR and 1 − FPR, whose gap is the same.
  let positivesBelow = 0;
  let negativesBelow = 0;
  let statistic = 0;
  let i = 0;
  while (i < order.length) {
    const score = scores[order[i] as number];
    for (; i < order.length && scores[order[i] as number] === score; i++) {
      if (labels[order[i] as number] === 1) positivesBelow++;
      else negativesBelow++;
    }
    statistic = Math.max(statistic, Math.abs(positivesBelow / positives - negativesBelow / negatives));
  }
  return statistic;
}
