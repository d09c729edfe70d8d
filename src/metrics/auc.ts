import { checkBinaryLabels, checkNotNaN, checkSameLength, checkWeights } from "./check.js";
import { ascendingOrder } from "./order.js";
import { aucOfRanked, ranked } from "./ranked.js";

/**
 * Area under the ROC curve: the probability that a random positive scores above a random
 * negative, a tie counting one half. This is scikit-learn's roc_auc_score exactly (the
 * trapezoid over distinct thresholds), with optional sample weights. NaN when the rows hold
 * only one class, or none: there is no pair to rank. Labels must be 0 or 1; scores not NaN.
 */
export function auc(labels: ArrayLike<number>, scores: ArrayLike<number>, weights?: ArrayLike<number>): number {
  checkSameLength("auc", weights ? { labels, scores, weights } : { labels, scores });
  checkBinaryLabels("auc", labels);
  checkNotNaN("auc", "scores", scores);
  if (weights) checkWeights("auc", weights);
  const order = ascendingOrder(scores);
  return weights ? aucOfSortedRun(labels, scores, weights, order, 0, labels.length) : aucOfRanked(ranked(labels, scores, order));
}

/**
 * AUC of the rows order[from] … order[to − 1], whose scores ascend. Each block of tied
 * scores adds its positives times the negatives below it plus half the negatives inside
 * it, which is the trapezoid's area; with integer counts the sum is exact.
 */
export function aucOfSortedRun(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
  order: Uint32Array,
  from: number,
  to: number,
): number {
  let area = 0;
  let positives = 0;
  let negativesBelow = 0;
  let i = from;
  while (i < to) {
    const score = scores[order[i] as number];
    let blockPositives = 0;
    let blockNegatives = 0;
    for (; i < to && scores[order[i] as number] === score; i++) {
      const row = order[i] as number;
      const weight = weights ? (weights[row] as number) : 1;
      if (labels[row] === 1) blockPositives += weight;
      else blockNegatives += weight;
    }
    area += blockPositives * (negativesBelow + blockNegatives / 2);
    positives += blockPositives;
    negativesBelow += blockNegatives;
  }
  return positives > 0 && negativesBelow > 0 ? area / (positives * negativesBelow) : Number.NaN;
}
