import { aucOfSortedRun } from "./auc.js";
import { calibration } from "./calibration.js";
import { checkBinaryLabels, checkNotNaN, checkProbabilities, checkSameLength } from "./check.js";
import { gaucOfScoreOrder } from "./gauc.js";
import { ksOfScoreOrder } from "./ks.js";
import { logLoss } from "./logloss.js";
import { ascendingOrder } from "./order.js";
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
 * once for all the ranking metrics. Labels must be 0 or 1 and probabilities in [0, 1];
 * with one class only, the ranking metrics are NaN.
 */
export function binaryMetrics(labels: ArrayLike<number>, probs: ArrayLike<number>, groups?: ArrayLike<number>): BinaryMetrics {
  checkSameLength("binaryMetrics", groups ? { labels, probs, groups } : { labels, probs });
  checkBinaryLabels("binaryMetrics", labels);
  checkProbabilities("binaryMetrics", "probs", probs);
  if (groups) checkNotNaN("binaryMetrics", "groups", groups);
  const scoreOrder = ascendingOrder(probs);
  const { meanPred, meanLabel } = calibration(labels, probs);
  return {
    auc: aucOfSortedRun(labels, probs, undefined, scoreOrder, 0, labels.length),
    ...(groups ? { gauc: gaucOfScoreOrder(labels, probs, groups, scoreOrder).gauc } : {}),
    ks: ksOfScoreOrder(labels, probs, scoreOrder),
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
