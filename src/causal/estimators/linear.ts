import { MtrecError } from "../../errors.js";
import { checkWeights } from "../../metrics/check.js";
import { checkFinite, checkMatrix, checkRowCount } from "./check.js";
import { choleskySolve } from "./cholesky.js";

export interface LinearOptions {
  /**
   * λ in: minimise Σ_i s_i·(y_i − b₀ − x_i·w)² + λ·‖w‖², the intercept not penalised —
   * scikit-learn's Ridge(alpha = λ). Default 0: ordinary least squares.
   */
  l2?: number;
  /** Per-row sample weights s_i; default 1 for every row. */
  weights?: ArrayLike<number>;
}

export interface LinearModel {
  intercept: number;
  coef: Float64Array;
  /** b₀ + x·w for each row of a row-major matrix with as many columns as the fit. */
  predict(x: Float64Array): Float64Array;
}

/**
 * Least squares with an intercept by the normal equations, solved by Cholesky on centred
 * columns: centring removes the intercept from the system (so the ridge term never touches
 * it) and keeps the Gram matrix as well conditioned as the covariates themselves allow.
 * Squaring the condition number is harmless for a handful of covariates of similar scale,
 * the case here; standardise covariates that differ by orders of magnitude.
 */
export function fitLinear(x: Float64Array, columns: number, y: ArrayLike<number>, opts: LinearOptions = {}): LinearModel {
  const rows = checkMatrix("fitLinear", x, columns);
  checkRowCount("fitLinear", rows, { y });
  checkFinite("fitLinear", "y", y);
  const l2 = opts.l2 ?? 0;
  if (!(l2 >= 0 && l2 < Number.POSITIVE_INFINITY)) {
    throw new MtrecError("BAD_ARGUMENT", `mtrec: fitLinear: l2 is ${l2}; it must be finite and ≥ 0.`);
  }
  const weights = opts.weights ?? new Float64Array(rows).fill(1);
  checkRowCount("fitLinear", rows, { weights });
  checkWeights("fitLinear", weights);

  let total = 0;
  let meanY = 0;
  const meanX = new Float64Array(columns);
  for (let i = 0; i < rows; i++) {
    const s = weights[i] as number;
    total += s;
    meanY += s * (y[i] as number);
    for (let j = 0; j < columns; j++) meanX[j] = (meanX[j] as number) + s * (x[i * columns + j] as number);
  }
  if (!(total > 0)) throw new MtrecError("BAD_DATA", `mtrec: fitLinear: the ${rows} rows have total weight ${total}; nothing to fit.`);
  meanY /= total;
  for (let j = 0; j < columns; j++) meanX[j] = (meanX[j] as number) / total;

  const gram = new Float64Array(columns * columns);
  const moment = new Float64Array(columns);
  const centred = new Float64Array(columns);
  for (let i = 0; i < rows; i++) {
    const s = weights[i] as number;
    if (s === 0) continue;
    const dy = (y[i] as number) - meanY;
    for (let j = 0; j < columns; j++) centred[j] = (x[i * columns + j] as number) - (meanX[j] as number);
    for (let a = 0; a < columns; a++) {
      const ca = s * (centred[a] as number);
      moment[a] = (moment[a] as number) + ca * dy;
      for (let b = 0; b <= a; b++) gram[a * columns + b] = (gram[a * columns + b] as number) + ca * (centred[b] as number);
    }
  }
  for (let j = 0; j < columns; j++) gram[j * columns + j] = (gram[j * columns + j] as number) + l2;

  const coef = choleskySolve(gram, columns, moment);
  if (coef === undefined) {
    throw new MtrecError(
      "BAD_DATA",
      `mtrec: fitLinear: the ${columns} centred columns of ${rows} rows are collinear (or one is constant, duplicating the intercept); drop a column or set l2 > 0.`,
    );
  }
  let intercept = meanY;
  for (let j = 0; j < columns; j++) intercept -= (coef[j] as number) * (meanX[j] as number);
  return {
    intercept,
    coef,
    predict(x: Float64Array): Float64Array {
      const n = checkMatrix("LinearModel.predict", x, columns);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let value = intercept;
        for (let j = 0; j < columns; j++) value += (coef[j] as number) * (x[i * columns + j] as number);
        out[i] = value;
      }
      return out;
    },
  };
}
