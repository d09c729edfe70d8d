import { checkBinaryLabels, checkNotNaN, checkSameLength } from "./check.js";
import { ascendingOrder } from "./order.js";
import { ksOfRanked, ranked } from "./ranked.js";

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
  return ksOfRanked(ranked(labels, scores, order));
}
