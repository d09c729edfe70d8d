import { checkSameLength } from "../../metrics/check.js";
import { checkBinary } from "../check.js";
import { checkBothArms, checkFinite, checkPropensities } from "./check.js";

/**
 * Inverse-probability-weighted ATE estimators from a propensity e(x), a 0/1 treatment t and
 * an outcome y. All are consistent when e is the true propensity and every row could have
 * been treated or not (0 < e < 1); they differ in how they behave when weights are large.
 */

/**
 * Horvitz–Thompson: mean[Y·(T − e) / (e·(1 − e))] = mean[T·Y/e] − mean[(1 − T)·Y/(1 − e)].
 * Unbiased for the true e, but each arm's weights need not average 1 in a sample, so adding
 * a constant to Y moves the estimate: the reason for the normalised forms below.
 */
export function ipwAte(t: ArrayLike<number>, y: ArrayLike<number>, e: ArrayLike<number>): number {
  const n = checkIpw("ipwAte", t, y, e);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = e[i] as number;
    sum += ((y[i] as number) * ((t[i] as number) - p)) / (p * (1 - p));
  }
  return sum / n;
}

/**
 * Hájek: the difference of the arms' weighted means, weights 1/e on treated rows and
 * 1/(1 − e) on untreated rows, each arm's weights normalised to sum to 1:
 * Σ_T w·Y / Σ_T w − Σ_C w·Y / Σ_C w. Slightly biased, but invariant to shifting Y and
 * usually of smaller variance than Horvitz–Thompson.
 */
export function ipwSelfNormalizedAte(t: ArrayLike<number>, y: ArrayLike<number>, e: ArrayLike<number>): number {
  checkIpw("ipwSelfNormalizedAte", t, y, e);
  return weightedArmDifference(t, y, inverseProbabilityWeights(t, e));
}

/**
 * Stabilised weights (Robins, Hernán and Brumback 2000): sw = P̂(T = 1)/e on treated rows
 * and P̂(T = 0)/(1 − e) on untreated rows, P̂ the arms' shares in the sample. The estimate is
 * that of the weighted regression of Y on T (the saturated marginal structural model):
 * Σ_T sw·Y / Σ_T sw − Σ_C sw·Y / Σ_C sw. The arm's share is a constant within the arm and
 * cancels, so the point estimate equals the Hájek one exactly; what stabilising changes is
 * the weights themselves (mean near 1, so an effective sample size and a weighted model fit
 * read on the scale of the data), which is why they are exposed as {@link stabilizedWeights}.
 */
export function ipwStabilizedAte(t: ArrayLike<number>, y: ArrayLike<number>, e: ArrayLike<number>): number {
  checkIpw("ipwStabilizedAte", t, y, e);
  return weightedArmDifference(t, y, stabilizedWeights(t, e));
}

/** 1/e for treated rows, 1/(1 − e) for untreated rows. */
export function inverseProbabilityWeights(t: ArrayLike<number>, e: ArrayLike<number>): Float64Array {
  const n = checkSameLength("inverseProbabilityWeights", { t, e });
  checkBinary("inverseProbabilityWeights", "t", t);
  checkPropensities("inverseProbabilityWeights", e);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) weights[i] = t[i] === 1 ? 1 / (e[i] as number) : 1 / (1 - (e[i] as number));
  return weights;
}

/** P̂(T = 1)/e for treated rows, P̂(T = 0)/(1 − e) for untreated rows; see {@link ipwStabilizedAte}. */
export function stabilizedWeights(t: ArrayLike<number>, e: ArrayLike<number>): Float64Array {
  const weights = inverseProbabilityWeights(t, e);
  const { treated, untreated } = checkBothArms("stabilizedWeights", t);
  const n = t.length;
  for (let i = 0; i < n; i++) weights[i] = (weights[i] as number) * ((t[i] === 1 ? treated : untreated) / n);
  return weights;
}

/**
 * Σ_T w·Y / Σ_T w − Σ_C w·Y / Σ_C w; rows of weight 0 drop out. NaN when an arm has no
 * weight left, as after trimming every row of one arm.
 */
export function weightedArmDifference(t: ArrayLike<number>, y: ArrayLike<number>, weights: ArrayLike<number>): number {
  let treatedWeight = 0;
  let treatedSum = 0;
  let untreatedWeight = 0;
  let untreatedSum = 0;
  for (let i = 0; i < t.length; i++) {
    const w = weights[i] as number;
    if (w === 0) continue;
    if (t[i] === 1) {
      treatedWeight += w;
      treatedSum += w * (y[i] as number);
    } else {
      untreatedWeight += w;
      untreatedSum += w * (y[i] as number);
    }
  }
  return treatedWeight > 0 && untreatedWeight > 0 ? treatedSum / treatedWeight - untreatedSum / untreatedWeight : Number.NaN;
}

/** Shared checks: lengths, a 0/1 treatment with both arms, finite outcomes, propensities in (0, 1). */
export function checkIpw(fn: string, t: ArrayLike<number>, y: ArrayLike<number>, e: ArrayLike<number>): number {
  const n = checkSameLength(fn, { t, y, e });
  checkBinary(fn, "t", t);
  checkBothArms(fn, t);
  checkFinite(fn, "y", y);
  checkPropensities(fn, e);
  return n;
}
