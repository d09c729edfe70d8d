import { type CalibrationBin, calibrationBins } from "./calibration.js";

export interface Reliability {
  /** Equal-width bins over [0, 1]: count, mean prediction and mean label (NaN, so null in JSON, when empty). */
  bins: CalibrationBin[];
  /** Expected calibration error: Σ_b (n_b / n) |mean prediction_b − mean label_b|, over the same bins. */
  ece: number;
  /** Scores cut into `histogramBins` equal-width bins over [0, 1]: rows per bin with label 1, and with label 0. */
  histogram: { bins: number; positives: number[]; negatives: number[] };
}

/**
 * What a reliability plot and a score histogram by label need, in a few hundred numbers:
 * enough to draw them for any number of rows. Labels 0/1 and probabilities in [0, 1]
 * (checked by calibrationBins).
 */
export function reliability(labels: ArrayLike<number>, probs: ArrayLike<number>, bins = 10, histogramBins = 20): Reliability {
  const table = calibrationBins(labels, probs, bins);
  const n = labels.length;
  let ece = 0;
  for (const b of table) if (b.count > 0) ece += (b.count / n) * Math.abs(b.meanPred - b.meanLabel);
  const positives = new Array<number>(histogramBins).fill(0);
  const negatives = new Array<number>(histogramBins).fill(0);
  for (let i = 0; i < n; i++) {
    const bin = Math.min(Math.floor((probs[i] as number) * histogramBins), histogramBins - 1);
    const side = labels[i] === 1 ? positives : negatives;
    side[bin] = (side[bin] as number) + 1;
  }
  return { bins: table, ece: n > 0 ? ece : Number.NaN, histogram: { bins: histogramBins, positives, negatives } };
}
