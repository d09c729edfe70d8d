import { MtrecError } from "../errors.js";
import {
  bootstrap,
  drAte,
  fitArmOutcomes,
  fitLogistic,
  inverseProbabilityWeights,
  ipwAte,
  ipwSelfNormalizedAte,
  ipwStabilizedAte,
  ipwTrimmedAte,
  type OverlapWarning,
  overlapWarnings,
  resample,
  resampleRows,
  stabilizedWeights,
  standardizedMeanDifferences,
  type TrimOptions,
  trimmedWeights,
  type WeightSummary,
  weightedKs,
  weightSummary,
} from "./estimators/index.js";

export const ATE_METHODS = ["ipw", "ipw-stabilized", "ipw-trimmed", "ipw-snips", "dr"] as const;
export type AteMethod = (typeof ATE_METHODS)[number];

export interface AteData {
  /** Covariates, row-major. */
  x: Float64Array;
  covariates: string[];
  t: Float64Array;
  y: Float64Array;
}

export interface AteOptions {
  method: AteMethod;
  /** L2 penalty λ of the propensity model (scikit-learn's 1/C); 0 fits it unpenalised. */
  l2: number;
  /** Bootstrap replicates for the interval of the IPW forms (DR also gets the influence-function one). */
  replicates: number;
  seed: number;
  trim?: TrimOptions;
  /** A propensity per row from elsewhere (an mtrec model): used instead of the logistic fit. */
  propensity?: Float64Array;
  /** DR's interval: the influence function's (default) or a bootstrap that refits both models. */
  drInterval?: "influence function" | "bootstrap";
  /** DR's outcome predictions from elsewhere (an mtrec model) instead of the per-arm linear fits. */
  outcomes?: { mu1: Float64Array; mu0: Float64Array };
}

export interface Balance {
  /** Standardised mean difference per covariate, before and after weighting. */
  smd: Record<string, { before: number; after: number }>;
  /** Weighted two-sample Kolmogorov–Smirnov statistic per covariate after weighting. */
  ks: Record<string, number>;
  weights: WeightSummary;
  overlap: OverlapWarning[];
}

export interface AteResult {
  method: AteMethod;
  ate: number;
  ci: [number, number];
  se: number;
  diagnostics: Balance & { propensity: { intercept: number; coef: Record<string, number> }; interval: "bootstrap" | "influence function" };
}

/** Each IPW form's estimate from a propensity vector. */
function estimator(method: AteMethod, trim?: TrimOptions): (t: Float64Array, y: Float64Array, e: Float64Array) => number {
  switch (method) {
    case "ipw":
      return ipwAte;
    case "ipw-stabilized":
      return ipwStabilizedAte;
    case "ipw-trimmed":
      return (t, y, e) => ipwTrimmedAte(t, y, e, trim);
    case "ipw-snips":
      return ipwSelfNormalizedAte;
    case "dr":
      throw new MtrecError("INTERNAL", "mtrec: dr has its own estimator");
  }
}

/** The weights each method balances the covariates with. */
export function weightsOf(method: AteMethod, t: Float64Array, e: Float64Array, trim?: TrimOptions): Float64Array {
  if (method === "ipw-stabilized") return stabilizedWeights(t, e);
  if (method === "ipw-trimmed") return trimmedWeights(t, e, trim).weights;
  return inverseProbabilityWeights(t, e);
}

/** Covariate balance before and after weighting by `weights`, and the propensities' overlap. */
export function balance(d: AteData, e: Float64Array, weights: Float64Array): Balance {
  const p = d.covariates.length;
  const before = standardizedMeanDifferences(d.x, p, d.t);
  const after = standardizedMeanDifferences(d.x, p, d.t, weights);
  const ks = weightedKs(d.x, p, d.t, weights);
  return {
    smd: Object.fromEntries(d.covariates.map((c, j) => [c, { before: before[j] as number, after: after[j] as number }])),
    ks: Object.fromEntries(d.covariates.map((c, j) => [c, ks[j] as number])),
    weights: weightSummary(weights),
    overlap: overlapWarnings(e),
  };
}

/**
 * The average treatment effect by one of the IPW forms or AIPW: an L2 logistic propensity
 * model fitted to its optimum; for DR, linear outcome models per arm. The IPW intervals are
 * percentile bootstraps that refit the propensity model on every resample (its estimation is
 * part of the variance); DR's is the influence-function interval.
 */
export function estimateAte(d: AteData, o: AteOptions): AteResult {
  const p = d.covariates.length;
  const model = o.propensity ? undefined : fitLogistic(d.x, p, d.t, { l2: o.l2 });
  const e = o.propensity ?? (model as NonNullable<typeof model>).predict(d.x);
  const propensity = model
    ? { intercept: model.intercept, coef: Object.fromEntries(d.covariates.map((c, j) => [c, model.coef[j] as number])) }
    : { intercept: Number.NaN, coef: {} };
  if (o.method === "dr") {
    const { mu1, mu0 } = o.outcomes ?? fitArmOutcomes(d.x, p, d.t, d.y);
    const r = drAte(d.t, d.y, e, mu1, mu0);
    const weights = balance(d, e, inverseProbabilityWeights(d.t, e));
    if (o.drInterval !== "bootstrap")
      return { method: o.method, ate: r.ate, ci: r.ci, se: r.se, diagnostics: { ...weights, propensity, interval: "influence function" } };
    // refits both nuisance models on every resample (external ones are resampled as given)
    const boot = bootstrap(
      d.t.length,
      (idx) => {
        const x = resampleRows(d.x, p, idx);
        const t = resample(d.t, idx);
        const y = resample(d.y, idx);
        const eb = o.propensity ? resample(o.propensity, idx) : fitLogistic(x, p, t, { l2: o.l2 }).predict(x);
        const mb = o.outcomes ? { mu1: resample(o.outcomes.mu1, idx), mu0: resample(o.outcomes.mu0, idx) } : fitArmOutcomes(x, p, t, y);
        return drAte(t, y, eb, mb.mu1, mb.mu0).ate;
      },
      { replicates: o.replicates, seed: o.seed },
    );
    return { method: o.method, ate: r.ate, ci: boot.ci, se: boot.se, diagnostics: { ...weights, propensity, interval: "bootstrap" } };
  }
  const estimate = estimator(o.method, o.trim);
  const ate = estimate(d.t, d.y, e);
  const boot = bootstrap(
    d.t.length,
    (idx) => {
      const t = resample(d.t, idx);
      // an external propensity model cannot be refitted here: its propensities are resampled as given
      if (o.propensity) return estimate(t, resample(d.y, idx), resample(o.propensity, idx));
      const x = resampleRows(d.x, p, idx);
      const fit = fitLogistic(x, p, t, { l2: o.l2 });
      return estimate(t, resample(d.y, idx), fit.predict(x));
    },
    { replicates: o.replicates, seed: o.seed },
  );
  const diagnostics = { ...balance(d, e, weightsOf(o.method, d.t, e, o.trim)), propensity, interval: "bootstrap" as const };
  return { method: o.method, ate, ci: boot.ci, se: boot.se, diagnostics };
}
