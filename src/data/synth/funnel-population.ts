import type { Rng } from "../../nn/rng.js";

export const SEGMENTS = 8;
export const CATEGORIES = 20;
export const PRICE_BUCKETS = 5;
/** Length of the hidden taste (user) and appeal (item) vectors. */
const FACTORS = 4;
/** Weight of the popularity rank k is (k + 1)^-s: a long tail, the top user ~5% of exposures at 2,000 users. */
const ZIPF_EXPONENT = 0.8;

/**
 * The users and items of one funnel data set and the effects every exposure is scored with.
 * Observed: segment, category, price bucket (and the ids). Hidden: the taste and appeal vectors,
 * one pair for clicking and an independent pair for buying, so that with no selection bias and
 * no confounding what makes a user click says nothing about whether they would buy.
 */
export interface FunnelPopulation {
  users: number;
  items: number;
  userSegment: Int32Array;
  itemCategory: Int32Array;
  priceBucket: Int32Array;
  /** [users, FACTORS] and [items, FACTORS]; their dot product has variance 1. */
  clickTaste: Float64Array;
  clickAppeal: Float64Array;
  buyTaste: Float64Array;
  buyAppeal: Float64Array;
  /** Click-only observed effect (logit), per category. */
  categoryClick: Float64Array;
  /** Per category, added to ln(watch seconds). */
  categoryWatch: Float64Array;
  /** The observed effect shared by click and conversion (before the selectionBias scale). */
  segmentShared: Float64Array;
  priceShared: Float64Array;
  userPopularity: Popularity;
  itemPopularity: Popularity;
}

export function drawPopulation(rng: Rng, users: number, items: number): FunnelPopulation {
  const factorScale = FACTORS ** -0.25;
  const factors = (n: number) => Float64Array.from({ length: n * FACTORS }, () => factorScale * rng.normal());
  const effects = (n: number, sd: number) => Float64Array.from({ length: n }, () => sd * rng.normal());
  return {
    users,
    items,
    userSegment: Int32Array.from({ length: users }, () => rng.int(SEGMENTS)),
    itemCategory: Int32Array.from({ length: items }, () => rng.int(CATEGORIES)),
    priceBucket: Int32Array.from({ length: items }, () => rng.int(PRICE_BUCKETS)),
    clickTaste: factors(users),
    clickAppeal: factors(items),
    buyTaste: factors(users),
    buyAppeal: factors(items),
    categoryClick: effects(CATEGORIES, 0.5),
    categoryWatch: effects(CATEGORIES, 0.4),
    segmentShared: effects(SEGMENTS, 0.8),
    // cheaper items both draw clicks and sell: a monotone effect, so the bias has a readable direction
    priceShared: Float64Array.from({ length: PRICE_BUCKETS }, (_, p) => -0.4 * (p - (PRICE_BUCKETS - 1) / 2)),
    userPopularity: popularity(rng, users),
    itemPopularity: popularity(rng, items),
  };
}

/** The dot product of row `a` of `left` and row `b` of `right`, both [n, FACTORS]. */
export function affinity(left: Float64Array, a: number, right: Float64Array, b: number): number {
  let s = 0;
  for (let k = 0; k < FACTORS; k++) s += (left[a * FACTORS + k] as number) * (right[b * FACTORS + k] as number);
  return s;
}

/** A Zipf-like draw of an index; ranks are shuffled over ids so that id order says nothing. */
export interface Popularity {
  cumulative: Float64Array;
  idOfRank: Int32Array;
}

function popularity(rng: Rng, n: number): Popularity {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += (k + 1) ** -ZIPF_EXPONENT;
    cumulative[k] = total;
  }
  for (let k = 0; k < n; k++) cumulative[k] = (cumulative[k] as number) / total;
  return { cumulative, idOfRank: rng.shuffle(Int32Array.from({ length: n }, (_, k) => k)) };
}

export function drawIndex(rng: Rng, p: Popularity): number {
  const u = rng.uniform();
  let low = 0;
  let high = p.cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((p.cumulative[middle] as number) > u) high = middle;
    else low = middle + 1;
  }
  return p.idOfRank[low] as number;
}
