import { fitArmOutcomes } from "../../src/causal/estimators/arm-outcomes.js";
import { drAte } from "../../src/causal/estimators/dr.js";
import { ipwAte, ipwSelfNormalizedAte } from "../../src/causal/estimators/ipw.js";
import { ipwTrimmedAte } from "../../src/causal/estimators/ipw-trimmed.js";
import { fitLogistic } from "../../src/causal/estimators/logistic.js";
import { type ConfoundedOutcome, type ConfoundedPropensity, synthConfounded } from "../../src/data/synth/confounded.js";
import { meanStd } from "../../src/metrics/mean-std.js";
import type { Measured, Question } from "../evidence.js";
import { cellOf } from "../stats.js";

const TAU = 2;
const CLIP = 10;

/** Propensities clipped to [1/CLIP, 1 − 1/CLIP]: every weight at most CLIP, for the DR form. */
function clipped(e: Float64Array): Float64Array {
  return e.map((p) => Math.min(1 - 1 / CLIP, Math.max(1 / CLIP, p)));
}

/** Every estimator's ATE on one data draw, propensity and outcome models fitted on it. */
function estimates(seed: number, rows: number, outcome: ConfoundedOutcome, propensity: ConfoundedPropensity): Record<string, number> {
  const d = synthConfounded({ rows, seed, tau: TAU, outcome, propensity });
  const e = fitLogistic(d.x, d.columns, d.t, { l2: 0 }).predict(d.x);
  const { mu1, mu0 } = fitArmOutcomes(d.x, d.columns, d.t, d.y);
  let treated = 0;
  let sumTreated = 0;
  let sumControl = 0;
  for (let i = 0; i < d.t.length; i++) {
    if (d.t[i] === 1) {
      treated++;
      sumTreated += d.y[i] as number;
    } else sumControl += d.y[i] as number;
  }
  let regression = 0;
  for (let i = 0; i < d.t.length; i++) regression += (mu1[i] as number) - (mu0[i] as number);
  return {
    "naive difference in means": sumTreated / treated - sumControl / (d.t.length - treated),
    "outcome regression alone": regression / d.t.length,
    "IPW (Horvitz–Thompson)": ipwAte(d.t, d.y, e),
    "IPW (Hájek)": ipwSelfNormalizedAte(d.t, d.y, e),
    [`IPW (Hájek), weights clipped at ${CLIP}`]: ipwTrimmedAte(d.t, d.y, e, { maxWeight: CLIP }),
    "IPW (Hájek), 1st-99th percentile of e kept": ipwTrimmedAte(d.t, d.y, e, { lower: 0.01, upper: 0.99 }),
    "DR (AIPW: IPW + outcome regression)": drAte(d.t, d.y, e, mu1, mu0).ate,
    [`DR, weights clipped at ${CLIP}`]: drAte(d.t, d.y, clipped(e), mu1, mu0).ate,
  };
}

const SCENARIOS: Record<string, [ConfoundedOutcome, ConfoundedPropensity]> = {
  "both models right": ["linear", "logistic"],
  "outcome model wrong": ["nonlinear", "logistic"],
  "propensity model wrong": ["linear", "nonlinear"],
  "both wrong": ["nonlinear", "nonlinear"],
};

export const ipwPlusDr: Question = {
  name: "ipw-plus-dr",
  question: "IPW and DR together, and weight clipping: bias and variance over seeds with the true effect known.",
  async run(scale) {
    // the estimators take milliseconds: many data draws give the spread its own precision
    const seeds = scale.quick ? scale.seeds : Array.from({ length: 20 }, (_, i) => i + 1);
    const rows = scale.quick ? 2_000 : 20_000;
    const numbers: Record<string, Record<string, Measured>> = {};
    for (const [scenario, [outcome, propensity]] of Object.entries(SCENARIOS)) {
      const draws = seeds.map((s) => estimates(s, rows, outcome, propensity));
      for (const name of Object.keys(draws[0] as Record<string, number>)) {
        const values = draws.map((d) => d[name] as number);
        const m = meanStd(values);
        const rmse = Math.sqrt(values.reduce((s, v) => s + (v - TAU) ** 2, 0) / values.length);
        const row = numbers[name] ?? {};
        numbers[name] = row;
        row[`${scenario}: bias`] = { mean: m.mean - TAU, std: m.std };
        row[`${scenario}: RMSE`] = rmse;
      }
    }
    const bias = (est: string, sc: string) => cellOf(numbers, est, `${sc}: bias`).mean;
    const sd = (est: string, sc: string) => cellOf(numbers, est, `${sc}: bias`).std;
    const f = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(3)}`;
    const dr = "DR (AIPW: IPW + outcome regression)";
    const ht = "IPW (Horvitz–Thompson)";
    const hajek = "IPW (Hájek)";
    const clip = `IPW (Hájek), weights clipped at ${CLIP}`;
    const answer =
      `DR (IPW plus an outcome model) kept its bias at ${f(bias(dr, "outcome model wrong"))} with a wrong outcome model and ${f(bias(dr, "propensity model wrong"))} with a wrong propensity ` +
      `(IPW alone: ${f(bias(hajek, "propensity model wrong"))} there), and its spread over draws was ${sd(dr, "both models right").toFixed(3)} against ${sd(ht, "both models right").toFixed(3)} for Horvitz–Thompson IPW; ` +
      `with both models wrong DR is biased too (${f(bias(dr, "both wrong"))}). Clipping the weights at ${CLIP} moved IPW's spread from ${sd(hajek, "both models right").toFixed(3)} to ${sd(clip, "both models right").toFixed(3)} at a bias of ${f(bias(clip, "both models right"))} (true ATE ${TAU}, ${rows.toLocaleString("en-US")} rows a draw).`;
    return { answer, numbers: { ...numbers, trueAte: TAU, rowsPerDraw: rows }, seeds };
  },
};
