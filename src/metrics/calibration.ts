import { MtrecError } from "../errors.js";
import { checkProbabilities, checkSameLength } from "./check.js";

export interface Calibration {
  meanPred: number;
  meanLabel: number;
  /** meanPred / meanLabel: above 1 the model over-predicts, as an ads team reads "calibration". */
  ratio: number;
}

/**
 * Mean prediction against mean label. A ranking metric cannot see a model that is off by a
 * constant factor; a bid or a ranking-fusion formula multiplies by the probability and can.
 * With no positives the ratio is Infinity (or NaN if every prediction is 0 too); empty
 * input gives NaN throughout.
 */
export function calibration(labels: ArrayLike<number>, probs: ArrayLike<number>): Calibration {
  const n = checkSameLength("calibration", { labels, probs });
  let predSum = 0;
  let labelSum = 0;
  for (let i = 0; i < n; i++) {
    predSum += probs[i] as number;
    labelSum += labels[i] as number;
  }
  return { meanPred: predSum / n, meanLabel: labelSum / n, ratio: predSum / labelSum };
}

export interface CalibrationBin {
  /** The bin holds predictions in [lower, upper); the last bin also holds 1. */
  lower: number;
  upper: number;
  count: number;
  /** NaN for an empty bin. */
  meanPred: number;
  /** NaN for an empty bin. */
  meanLabel: number;
}

/**
 * A reliability table: predictions cut into `bins` equal-width bins over [0, 1], each with
 * its row count, mean prediction and mean label; a calibrated model has them equal in
 * every bin. Empty bins are kept (scikit-learn's calibration_curve drops them) so that
 * bin k covers the same range in every table. Probabilities must be in [0, 1].
 */
export function calibrationBins(labels: ArrayLike<number>, probs: ArrayLike<number>, bins = 10): CalibrationBin[] {
  const n = checkSameLength("calibrationBins", { labels, probs });
  if (!Number.isInteger(bins) || bins < 1) {
    throw new MtrecError("BAD_ARGUMENT", `mtrec: calibrationBins: bins is ${bins}; it must be a positive integer, typically 10.`);
  }
  checkProbabilities("calibrationBins", "probs", probs);
  const counts = new Float64Array(bins);
  const predSums = new Float64Array(bins);
  const labelSums = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const p = probs[i] as number;
    const bin = Math.min(Math.floor(p * bins), bins - 1);
    counts[bin] = (counts[bin] as number) + 1;
    predSums[bin] = (predSums[bin] as number) + p;
    labelSums[bin] = (labelSums[bin] as number) + (labels[i] as number);
  }
  return Array.from(counts, (count, bin) => ({
    lower: bin / bins,
    upper: (bin + 1) / bins,
    count,
    meanPred: count > 0 ? (predSums[bin] as number) / count : Number.NaN,
    meanLabel: count > 0 ? (labelSums[bin] as number) / count : Number.NaN,
  }));
}
