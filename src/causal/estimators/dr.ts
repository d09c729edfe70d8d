import { MtrecError } from "../../errors.js";
import { checkFinite } from "./check.js";
import { checkIpw } from "./ipw.js";

export interface DrResult {
  ate: number;
  /** Influence-function standard error: sd of the per-row influence values over √n. */
  se: number;
  /** 95 % normal interval, ate ± 1.96·se. */
  ci: [number, number];
}

/** Φ⁻¹(0.975): the normal quantile of a two-sided 95 % interval. */
const Z_975 = 1.959963984540054;

/**
 * Augmented IPW, the doubly robust ATE (Robins, Rotnitzky and Zhao 1994; Bang and Robins
 * 2005): with μ₁, μ₀ the outcome models' predictions under treatment and control,
 *
 *   φ_i = T(Y − μ₁)/e + μ₁ − [(1 − T)(Y − μ₀)/(1 − e) + μ₀],   ATE = mean φ.
 *
 * It stays consistent when either the propensity or the outcome models are right: with the
 * true e the correction terms have mean equal to the outcome models' error, and with the
 * true μ they have mean zero whatever e is. The φ_i are the estimated influence function
 * plus the ATE, so se = sd(φ)/√n (sample sd, n − 1), treating e and μ as known. With both
 * models right, estimating them adds nothing to first order and the interval holds; with one
 * wrong the estimate stays consistent but this se is only an approximation (the bootstrap,
 * refitting both models, is the safe check).
 */
export function drAte(
  t: ArrayLike<number>,
  y: ArrayLike<number>,
  e: ArrayLike<number>,
  mu1: ArrayLike<number>,
  mu0: ArrayLike<number>,
): DrResult {
  const n = checkIpw("drAte", t, y, e);
  for (const [name, values] of Object.entries({ mu1, mu0 })) {
    if (values.length !== n) {
      throw new MtrecError("BAD_ARGUMENT", `mtrec: drAte: t has ${n} rows but ${name} has ${values.length}; pass one prediction per row.`);
    }
    checkFinite("drAte", name, values);
  }
  const influence = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = e[i] as number;
    const m1 = mu1[i] as number;
    const m0 = mu0[i] as number;
    const outcome = y[i] as number;
    const value = t[i] === 1 ? (outcome - m1) / p + m1 - m0 : m1 - ((outcome - m0) / (1 - p) + m0);
    influence[i] = value;
    sum += value;
  }
  const ate = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((influence[i] as number) - ate) ** 2;
  const se = n > 1 ? Math.sqrt(squares / (n - 1) / n) : Number.NaN;
  return { ate, se, ci: [ate - Z_975 * se, ate + Z_975 * se] };
}
