import { MtrecError } from "../errors.js";
import { checkNotNaN } from "../metrics/check.js";
import { ascendingOrder } from "../metrics/order.js";

/**
 * Matches in compressed-row form: treated row t's controls are
 * `indices[offsets[t]] … indices[offsets[t + 1] − 1]`, nearest first, as indices into the
 * control scores. A treated row with no control inside the caliper has an empty run.
 */
export interface Matches {
  /** One more entry than there are treated rows; offsets[0] is 0. */
  offsets: Int32Array;
  indices: Int32Array;
}

/**
 * Nearest-neighbour matching on a scalar score (a propensity, a pCTR), with replacement:
 * each treated row takes its k controls nearest in |score difference|, keeping only those
 * within `caliper`, so a row near the edge of the controls' range may get fewer than k or
 * none. Controls at an equal distance are taken lowest index first, so where many scores
 * are exactly tied every treated row in the tie takes the same few controls: shuffle the
 * controls first when their order carries meaning or the variance matters. The controls are
 * sorted once; each treated row then binary-searches its place and widens left and right
 * a block of equal scores at a time, so n treated rows cost O((m + n) log m + n·k) rather
 * than n·m. `caliper` may be Infinity for plain k-nearest matching.
 */
export function matchNearest(treatedScores: ArrayLike<number>, controlScores: ArrayLike<number>, k: number, caliper: number): Matches {
  checkMatchArguments("matchNearest", k, caliper);
  checkNotNaN("matchNearest", "treatedScores", treatedScores);
  checkNotNaN("matchNearest", "controlScores", controlScores);
  return matchNearestInOrder(treatedScores, controlScores, ascendingOrder(controlScores), k, caliper);
}

/**
 * matchNearest with the controls already sorted: `controlOrder` holds the control indices
 * in ascending score order, ties in index order, as ascendingOrder gives them (a caller
 * that sorted every row once can filter that order to its controls instead of sorting again).
 * `treatedOrder`, the treated indices in ascending score order, lets one forward walk find
 * every treated row's place among the controls instead of a binary search each, whose
 * scattered reads cost more than the walk on a million rows.
 */
export function matchNearestInOrder(
  treatedScores: ArrayLike<number>,
  controlScores: ArrayLike<number>,
  controlOrder: Uint32Array,
  k: number,
  caliper: number,
  treatedOrder?: Uint32Array,
): Matches {
  const m = controlScores.length;
  const order = controlOrder;
  const sorted = new Float64Array(m);
  for (let i = 0; i < m; i++) sorted[i] = controlScores[order[i] as number] as number;
  // Each sorted position knows the first and last position of its block of equal scores,
  // so a run of ties costs one step however long it is.
  const blockStart = new Int32Array(m);
  const blockEnd = new Int32Array(m);
  for (let i = 1; i < m; i++) blockStart[i] = sorted[i] === sorted[i - 1] ? (blockStart[i - 1] as number) : i;
  for (let i = m - 1; i >= 0; i--) blockEnd[i] = i + 1 < m && sorted[i] === sorted[i + 1] ? (blockEnd[i + 1] as number) : i;

  const n = treatedScores.length;
  const places = new Int32Array(n); // first sorted position at or above each treated score
  if (treatedOrder) {
    let place = 0;
    for (let i = 0; i < n; i++) {
      const t = treatedOrder[i] as number;
      const score = treatedScores[t] as number;
      while (place < m && (sorted[place] as number) < score) place++;
      places[t] = place;
    }
  } else {
    for (let t = 0; t < n; t++) places[t] = lowerBound(sorted, treatedScores[t] as number);
  }
  const offsets = new Int32Array(n + 1);
  const indices = new Int32Array(n * Math.min(k, m));
  let filled = 0;
  for (let t = 0; t < n; t++) {
    const score = treatedScores[t] as number;
    let right = places[t] as number; // first block at or above the score
    let left = right - 1; // last position of the block below it
    let taken = 0;
    while (taken < k && (left >= 0 || right < m)) {
      const leftDistance = left >= 0 ? score - (sorted[left] as number) : Number.POSITIVE_INFINITY;
      const rightDistance = right < m ? (sorted[right] as number) - score : Number.POSITIVE_INFINITY;
      const distance = Math.min(leftDistance, rightDistance);
      if (!(distance <= caliper)) break;
      // The nearest controls are the left block, the right block, or both when equally far.
      let l = leftDistance === distance ? (blockStart[left] as number) : 0;
      const lEnd = leftDistance === distance ? left + 1 : 0;
      let r = rightDistance === distance ? right : 0;
      const rEnd = rightDistance === distance ? (blockEnd[right] as number) + 1 : 0;
      while (taken < k && (l < lEnd || r < rEnd)) {
        const fromLeft = r >= rEnd || (l < lEnd && (order[l] as number) < (order[r] as number));
        indices[filled++] = order[fromLeft ? l++ : r++] as number;
        taken++;
      }
      if (leftDistance === distance) left = (blockStart[left] as number) - 1;
      if (rightDistance === distance) right = (blockEnd[right] as number) + 1;
    }
    offsets[t + 1] = filled;
  }
  return { offsets, indices: indices.slice(0, filled) };
}

/** Shared by every matcher: k a positive integer, the caliper a distance (Infinity allowed). */
export function checkMatchArguments(fn: string, k: number, caliper: number): void {
  if (!Number.isInteger(k) || k < 1) {
    throw new MtrecError("BAD_ARGUMENT", `mtrec: ${fn}: k is ${k}; it must be a whole number of controls per treated row, 1 or more.`);
  }
  if (!(caliper >= 0)) {
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: ${fn}: caliper is ${caliper}; it is the largest score difference a match may have, so 0 or more (Infinity for none).`,
    );
  }
}

/** The first position whose value is at least `value`; values ascend. */
export function lowerBound(values: Float64Array, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((values[mid] as number) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
