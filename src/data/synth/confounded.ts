import { MtrecError } from "../../errors.js";
import { writeFileAtomic } from "../../nn/atomic-write.js";
import { Rng } from "../../nn/rng.js";

/**
 * Observational data with a known average treatment effect, confounded only through
 * observed covariates, for checking causal estimators against the truth:
 *
 *   x ~ N(0, I_p)
 *   logit e(x) = a₀ + x·a                              propensity "logistic"
 *              = a₀ + x·a + 0.75·(x₁² − 1)             propensity "nonlinear"
 *   T ~ Bernoulli(e(x))
 *   Y = b₀ + x·b + τ·T + ε,  ε ~ N(0, 1)                outcome "linear"
 *     = b₀ + x·b + 1.5·(exp(x₁) − e^{1/2}) + τ·T + ε    outcome "nonlinear"
 *
 * with a₀ = −0.5 (about 40 % treated), a = (0.8, −0.5, 0.4, 0.3, −0.2), b₀ = 1 and
 * b = (1, −1, 1, 0.5, −0.5); covariates past the fifth get zero coefficients (noise
 * columns), and p < 5 keeps the first p. Every confounder pushes treatment and outcome
 * the same way, so the naive difference in means overstates τ by about 1.6 (linear
 * outcome) or 3.3 (nonlinear).
 *
 * The effect is additive and the same for every row, so the ATE (and ATT) is exactly τ
 * under either outcome. The nonlinear terms are the ones a linear outcome model and a
 * logistic-in-x propensity model cannot express: E[exp(x₁)] = e^{1/2} keeps the outcome's
 * mean, and the treated share then shifts x₁ differently in each arm, so per-arm linear
 * fits disagree on average; the x₁² term puts treated rows in both tails of x₁, which a
 * monotone logit misses. They were chosen so that each misspecified model alone is biased
 * by several standard errors at 50,000 rows (regression adjustment by about −0.16, Hájek
 * IPW by about −0.28). In a million rows the true propensity spans about (0.004, 0.995)
 * when logistic; the nonlinear one reaches 1 − 2·10⁻⁹ in the tails of x₁, so weight those
 * rows by a fitted model or trim them rather than invert the truth.
 */
export type ConfoundedOutcome = "linear" | "nonlinear";
export type ConfoundedPropensity = "logistic" | "nonlinear";

export interface SynthConfoundedOptions {
  rows: number;
  seed: number;
  /** The treatment effect τ, the true ATE; default 2. */
  tau?: number;
  /** Default "linear". */
  outcome?: ConfoundedOutcome;
  /** Default "logistic". */
  propensity?: ConfoundedPropensity;
  /** p, the number of covariates; default 5. */
  columns?: number;
}

export interface SynthConfounded {
  /** [rows, columns], row-major. */
  x: Float64Array;
  columns: number;
  /** 0 or 1. */
  t: Float64Array;
  y: Float64Array;
  trueAte: number;
  /** e(x), the probability each row had of being treated. */
  truePropensity: Float64Array;
}

const PROPENSITY_INTERCEPT = -0.5;
const PROPENSITY_COEF = [0.8, -0.5, 0.4, 0.3, -0.2];
const OUTCOME_INTERCEPT = 1;
const OUTCOME_COEF = [1, -1, 1, 0.5, -0.5];

export function synthConfounded(opts: SynthConfoundedOptions): SynthConfounded {
  const { rows, seed, tau = 2, outcome = "linear", propensity = "logistic", columns = 5 } = opts;
  if (!Number.isInteger(rows) || rows < 0) {
    throw new MtrecError("BAD_ARGUMENT", `mtrec: synth confounded: rows must be a whole number ≥ 0, got ${rows}`);
  }
  if (!Number.isInteger(columns) || columns < 1) {
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: synth confounded: columns must be a whole number ≥ 1 (x₁ carries the nonlinear terms), got ${columns}`,
    );
  }
  if (!Number.isFinite(tau)) throw new MtrecError("BAD_ARGUMENT", `mtrec: synth confounded: tau must be a finite number, got ${tau}`);
  if (outcome !== "linear" && outcome !== "nonlinear") {
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: synth confounded: unknown outcome ${JSON.stringify(outcome)}; known: "linear", "nonlinear"`,
    );
  }
  if (propensity !== "logistic" && propensity !== "nonlinear") {
    throw new MtrecError(
      "BAD_ARGUMENT",
      `mtrec: synth confounded: unknown propensity ${JSON.stringify(propensity)}; known: "logistic", "nonlinear"`,
    );
  }
  const rng = new Rng(seed);
  const x = new Float64Array(rows * columns);
  const t = new Float64Array(rows);
  const y = new Float64Array(rows);
  const truePropensity = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let logit = PROPENSITY_INTERCEPT;
    let response = OUTCOME_INTERCEPT;
    for (let k = 0; k < columns; k++) {
      const value = rng.normal();
      x[r * columns + k] = value;
      logit += (PROPENSITY_COEF[k] ?? 0) * value;
      response += (OUTCOME_COEF[k] ?? 0) * value;
    }
    const x1 = x[r * columns] as number;
    if (propensity === "nonlinear") logit += 0.75 * (x1 * x1 - 1);
    if (outcome === "nonlinear") response += 1.5 * (Math.exp(x1) - Math.exp(0.5));
    const e = 1 / (1 + Math.exp(-logit));
    truePropensity[r] = e;
    t[r] = rng.uniform() < e ? 1 : 0;
    y[r] = response + tau * (t[r] as number) + rng.normal();
  }
  return { x, columns, t, y, trueAte: tau, truePropensity };
}

/**
 * Writes `x1..xp,t,y,truth_e` with a header, replacing `path` atomically. Covariates and
 * outcomes to 6 decimals like the other synthetic files; the propensity in full, because one
 * rounded to 0 or 1 would be an infinite inverse weight.
 */
export async function writeSynthConfoundedCsv(path: string, opts: SynthConfoundedOptions): Promise<void> {
  const { x, columns, t, y, truePropensity } = synthConfounded(opts);
  const lines = [[...Array.from({ length: columns }, (_, k) => `x${k + 1}`), "t", "y", "truth_e"].join(",")];
  const fields = new Array<string>(columns + 3);
  for (let r = 0; r < t.length; r++) {
    for (let k = 0; k < columns; k++) fields[k] = decimals6(x[r * columns + k] as number);
    fields[columns] = String(t[r]);
    fields[columns + 1] = decimals6(y[r] as number);
    fields[columns + 2] = String(truePropensity[r]);
    lines.push(fields.join(","));
  }
  await writeFileAtomic(path, `${lines.join("\n")}\n`);
}

function decimals6(v: number): string {
  return String(Math.round(v * 1e6) / 1e6);
}
