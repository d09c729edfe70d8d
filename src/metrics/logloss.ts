import { MtrecError } from "../errors.js";
import { checkBinaryLabels, checkProbabilities, checkSameLength } from "./check.js";

/**
 * Mean binary cross-entropy −[y·log p + (1 − y)·log(1 − p)], with p clipped to
 * [eps, 1 − eps] first, as scikit-learn's log_loss does, so that one confident wrong
 * prediction costs −log(eps) rather than infinity. Labels must be 0 or 1 and probabilities
 * in [0, 1]; empty input gives NaN.
 */
export function logLoss(labels: ArrayLike<number>, probs: ArrayLike<number>, eps = 1e-7): number {
  const n = checkSameLength("logLoss", { labels, probs });
  if (!(eps >= 0 && eps < 0.5)) {
    throw new MtrecError("BAD_ARGUMENT", `mtrec: logLoss: eps is ${eps}; it must be in [0, 0.5), typically 1e-7 or 1e-15.`);
  }
  checkBinaryLabels("logLoss", labels);
  checkProbabilities("logLoss", "probs", probs);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.min(Math.max(probs[i] as number, eps), 1 - eps);
    total -= labels[i] === 1 ? Math.log(p) : Math.log1p(-p);
  }
  return total / n;
}
