import { checkBinary } from "../check.js";
import { checkBothArms, checkMatrix, checkRowCount } from "./check.js";
import { fitLinear, type LinearOptions } from "./linear.js";

export interface ArmOutcomes {
  /** Predicted outcome under treatment, for every row. */
  mu1: Float64Array;
  /** Predicted outcome under control, for every row. */
  mu0: Float64Array;
}

/**
 * The outcome models of {@link drAte} and of regression adjustment: one linear regression
 * fitted on the treated rows and one on the untreated rows (a "T-learner"), each predicting
 * every row. Separate fits let the covariates' slopes differ by arm, so the models stay
 * correct when the effect varies linearly with x. An arm is selected by giving the other
 * arm's rows zero weight, which the fit skips, rather than by copying rows.
 */
export function fitArmOutcomes(
  x: Float64Array,
  columns: number,
  t: ArrayLike<number>,
  y: ArrayLike<number>,
  opts: LinearOptions = {},
): ArmOutcomes {
  const rows = checkMatrix("fitArmOutcomes", x, columns);
  checkRowCount("fitArmOutcomes", rows, { t, y });
  checkBinary("fitArmOutcomes", "t", t);
  checkBothArms("fitArmOutcomes", t);
  const base = opts.weights;
  const armWeights = (arm: number) => Float64Array.from(t, (ti, i) => (ti === arm ? (base === undefined ? 1 : (base[i] as number)) : 0));
  const treated = fitLinear(x, columns, y, { ...opts, weights: armWeights(1) });
  const untreated = fitLinear(x, columns, y, { ...opts, weights: armWeights(0) });
  return { mu1: treated.predict(x), mu0: untreated.predict(x) };
}
