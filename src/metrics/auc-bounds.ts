import { orderedWord } from "./order.js";

/** Buckets of a float32's order-preserving 32-bit word by its top 16 bits: sign, exponent and 7 mantissa bits. */
const BUCKET_SHIFT = 16;
const BUCKETS = 1 << (32 - BUCKET_SHIFT);

export interface AucBounds {
  /** No lower than this. */
  low: number;
  /** No higher than this. */
  high: number;
}

/**
 * Where the AUC of `scores` against `labels` (1 positive, anything else negative, a tie counting
 * one half, as aucOfSortedRun counts) must lie, from one pass over the rows and no sort. Scores
 * are put in 65,536 buckets that keep their order (a relative width under 1 %); pairs in
 * different buckets are ranked exactly, pairs inside a bucket holding one value are ties, and
 * only pairs inside a bucket holding several values may go either way. The bounds are exact
 * integer sums over the same denominator, so the AUC is never outside them. Undefined when the
 * rows hold one class only (the AUC is NaN) or a score is NaN.
 */
export function aucBounds(labels: ArrayLike<number>, scores: Float32Array): AucBounds | undefined {
  const positives = new Float64Array(BUCKETS);
  const negatives = new Float64Array(BUCKETS);
  const lowest = new Uint32Array(BUCKETS).fill(0xffffffff);
  const highest = new Uint32Array(BUCKETS);
  const bits = new Uint32Array(scores.buffer, scores.byteOffset, scores.length);
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) return undefined;
    // −0 ties with +0
    const word = orderedWord(bits[i] === 0x80000000 ? 0 : (bits[i] as number));
    const bucket = word >>> BUCKET_SHIFT;
    if (labels[i] === 1) positives[bucket] = (positives[bucket] as number) + 1;
    else negatives[bucket] = (negatives[bucket] as number) + 1;
    if (word < (lowest[bucket] as number)) lowest[bucket] = word;
    if (word > (highest[bucket] as number)) highest[bucket] = word;
  }
  let area = 0;
  let undecided = 0;
  let positivesSoFar = 0;
  let negativesBelow = 0;
  for (let b = 0; b < BUCKETS; b++) {
    const p = positives[b] as number;
    const n = negatives[b] as number;
    if (p === 0 && n === 0) continue;
    area += p * negativesBelow;
    if (lowest[b] === highest[b]) area += (p * n) / 2;
    else undecided += p * n;
    positivesSoFar += p;
    negativesBelow += n;
  }
  if (positivesSoFar === 0 || negativesBelow === 0) return undefined;
  const pairs = positivesSoFar * negativesBelow;
  return { low: area / pairs, high: (area + undecided) / pairs };
}
