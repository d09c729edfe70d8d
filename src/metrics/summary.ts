import { calibration } from "./calibration.js";
import { checkBinaryLabels, checkNotNaN, checkProbabilities, checkSameLength } from "./check.js";
import { gaucOfScoreOrder } from "./gauc.js";
import { logLoss } from "./logloss.js";
import { ascendingOrder } from "./order.js";
import { aucOfRanked, ksOfRanked, ranked } from "./ranked.js";
import { mae, mse, r2 } from "./regression.js";

export interface BinaryMetrics {
  auc: number;
  /** Present only when groups were given. */
  gauc?: number;
  ks: number;
  logloss: number;
  meanPred: number;
  meanLabel: number;
}

/**
 * The usual report for a binary task (CTR, CVR): ranking quality (AUC, GAUC when `groups`
 * is given, KS), probability quality (log loss) and calibration. The scores are sorted
 * once for all the ranking metrics (or not at all when `probsOrder`, the rows in
 * ascending order of `probs` as ascendingOrder gives them, is passed). Labels must be 0 or 1 and probabilities in [0, 1];
 * with one class only, the ranking metrics are NaN.
 */
export function binaryMetrics(
  labels: ArrayLike<number>,
  probs: ArrayLike<number>,
  groups?: ArrayLike<number>,
  probsOrder?: Uint32Array,
): BinaryMetrics {
  checkSameLength("binaryMetrics", groups ? { labels, probs, groups } : { labels, probs });
  checkBinaryLabels("binaryMetrics", labels);
  checkProbabilities("binaryMetrics", "probs", probs);
  if (groups) checkNotNaN("binaryMetrics", "groups", groups);
  const scoreOrder = probsOrder ?? ascendingOrder(probs);
  const rows = ranked(labels, probs, scoreOrder);
  const { meanPred, meanLabel } = calibration(labels, probs);
  return {
    auc: aucOfRanked(rows),
    ...(groups ? { gauc: gaucOfScoreOrder(labels, probs, groups, scoreOrder).gauc } : {}),
    ks: ksOfRanked(rows),
    logloss: logLoss(labels, probs),
    meanPred,
    meanLabel,
  };
}

export interface RegressionMetrics {
  mse: number;
  rmse: number;
  mae: number;
  r2: number;
  meanPred: number;
  meanLabel: number;
}

/** The usual report for a regression task (watch time, GMV); see regression.ts for each. */
export function regressionMetrics(labels: ArrayLike<number>, preds: ArrayLike<number>): RegressionMetrics {
  checkSameLength("regressionMetrics", { labels, preds });
  const meanSquared = mse(labels, preds);
  const { meanPred, meanLabel } = calibration(labels, preds);
  return { mse: meanSquared, rmse: Math.sqrt(meanSquared), mae: mae(labels, preds), r2: r2(labels, preds), meanPred, meanLabel };
}
