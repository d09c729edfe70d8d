/**
 * Labels and scores gathered into ascending score order once, so that AUC, KS and each
 * group's AUC then scan two typed arrays front to back instead of jumping through an order
 * array into the caller's (possibly differently typed) arrays on every read.
 */
export interface Ranked {
  scores: Float64Array;
  /** 1 for a positive row, 0 otherwise. */
  labels: Uint8Array;
}

/** The rows of `order` (ascending scores), in that order. */
export function ranked(labels: ArrayLike<number>, scores: ArrayLike<number>, order: Uint32Array): Ranked {
  const sortedScores = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) sortedScores[i] = scores[order[i] as number] as number;
  return { scores: sortedScores, labels: inOrder(labels, order) };
}

/** 0/1 values (labels, a click) gathered into `order`, 1 where the value is 1. */
export function inOrder(values: ArrayLike<number>, order: Uint32Array): Uint8Array {
  const sorted = new Uint8Array(order.length);
  for (let i = 0; i < order.length; i++) sorted[i] = values[order[i] as number] === 1 ? 1 : 0;
  return sorted;
}

/**
 * The ranked rows (scores and labels in one order) whose `side`, in the same order, equals
 * `value`: a subset of a sorted order is still sorted, so one sort serves every subset.
 */
export function rankedWhere(scores: Float64Array, labels: Uint8Array, side: Uint8Array, value: number): Ranked {
  const keptScores = new Float64Array(scores.length);
  const keptLabels = new Uint8Array(scores.length);
  let kept = 0;
  for (let i = 0; i < scores.length; i++) {
    if (side[i] !== value) continue;
    keptScores[kept] = scores[i] as number;
    keptLabels[kept++] = labels[i] as number;
  }
  return { scores: keptScores.subarray(0, kept), labels: keptLabels.subarray(0, kept) };
}

/**
 * AUC of the ranked rows from … to − 1, the same blocks and the same sums as
 * aucOfSortedRun without weights, so the same number to the bit.
 */
export function aucOfRanked(r: Ranked, from = 0, to = r.scores.length): number {
  const { scores, labels } = r;
  let area = 0;
  let positives = 0;
  let negativesBelow = 0;
  let i = from;
  while (i < to) {
    const score = scores[i] as number;
    let blockPositives = 0;
    let blockNegatives = 0;
    for (; i < to && scores[i] === score; i++) {
      if (labels[i] === 1) blockPositives++;
      else blockNegatives++;
    }
    area += blockPositives * (negativesBelow + blockNegatives / 2);
    positives += blockPositives;
    negativesBelow += blockNegatives;
  }
  return positives > 0 && negativesBelow > 0 ? area / (positives * negativesBelow) : Number.NaN;
}

/** KS of the ranked rows; see ks.ts. */
export function ksOfRanked(r: Ranked): number {
  const { scores, labels } = r;
  const n = scores.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i] as number;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  let positivesBelow = 0;
  let negativesBelow = 0;
  let statistic = 0;
  let i = 0;
  while (i < n) {
    const score = scores[i] as number;
    for (; i < n && scores[i] === score; i++) {
      if (labels[i] === 1) positivesBelow++;
      else negativesBelow++;
    }
    statistic = Math.max(statistic, Math.abs(positivesBelow / positives - negativesBelow / negatives));
  }
  return statistic;
}
