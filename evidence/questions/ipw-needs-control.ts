import { ipwAte, ipwSelfNormalizedAte } from "../../src/causal/estimators/ipw.js";
import { fitLogistic } from "../../src/causal/estimators/logistic.js";
import { synthConfounded } from "../../src/data/synth/confounded.js";
import { meanStd } from "../../src/metrics/mean-std.js";
import { Rng } from "../../src/nn/rng.js";
import type { Measured, Question } from "../evidence.js";
import { cellOf } from "../stats.js";

const TAU = 2;
const KEEP = 0.2;

/** Σ over treated rows of y / e, divided by `n`: the IPW estimate of E[Y(1)] when n counts every row. */
function treatedMean(t: Float64Array, y: Float64Array, e: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < t.length; i++) if (t[i] === 1) s += (y[i] as number) / (e[i] as number);
  return s / n;
}

/** Each way of handling the untreated rows: the estimate of the ATE (or of E[Y(1)]) on one draw. */
function estimates(seed: number, rows: number): Record<string, number> {
  const d = synthConfounded({ rows, seed, tau: TAU });
  const e = d.truePropensity;
  const n = d.t.length;
  const treated = d.t.reduce((s, v) => s + v, 0);
  let y1 = 0;
  // the effect is the same on every row, so an untreated row's Y(1) is its y plus τ
  for (let i = 0; i < n; i++) y1 += (d.y[i] as number) + (d.t[i] === 1 ? 0 : TAU);
  const trueY1 = y1 / n;
  // untreated rows weighted c instead of 1 in Horvitz–Thompson
  const downWeighted = (c: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const p = e[i] as number;
      s += d.t[i] === 1 ? (d.y[i] as number) / p : (-c * (d.y[i] as number)) / (1 - p);
    }
    return s / n;
  };
  // unclicked-style negative down-sampling: untreated rows kept with probability KEEP before fitting e(x)
  const rng = new Rng(seed + 1000);
  const kept: number[] = [];
  for (let i = 0; i < n; i++) if (d.t[i] === 1 || rng.uniform() < KEEP) kept.push(i);
  const pick = (a: Float64Array, w = 1) => Float64Array.from(kept.flatMap((i) => Array.from(a.subarray(i * w, i * w + w))));
  const xs = pick(d.x, d.columns);
  const ts = pick(d.t);
  const ys = pick(d.y);
  const eSampled = fitLogistic(xs, d.columns, ts, { l2: 0 }).predict(xs);
  // the standard correction for a kept share KEEP of negatives: e = q·KEEP / (1 − q + q·KEEP)
  const eCorrected = eSampled.map((q) => (q * KEEP) / (1 - q + q * KEEP));
  const weightsBack = Float64Array.from(kept.map((i) => (d.t[i] === 1 ? 1 : 1 / KEEP)));
  const hajekWeighted = (() => {
    let st = 0;
    let wt = 0;
    let sc = 0;
    let wc = 0;
    for (let k = 0; k < kept.length; k++) {
      const p = eCorrected[k] as number;
      if (ts[k] === 1) {
        st += (ys[k] as number) / p;
        wt += 1 / p;
      } else {
        const w = (weightsBack[k] as number) / (1 - p);
        sc += w * (ys[k] as number);
        wc += w;
      }
    }
    return st / wt - sc / wc;
  })();
  // E[Y(1)] from the down-sample: over the sample's rows as they are, and with the dropped untreated rows counted back (1/KEEP each)
  const sampledY1 = treatedMean(ts, ys, eSampled, kept.length);
  const correctedY1 = treatedMean(ts, ys, eCorrected, treated + (kept.length - treated) / KEEP);
  return {
    "ATE: IPW with every row (Horvitz–Thompson)": ipwAte(d.t, d.y, e) - TAU,
    "ATE: IPW with every row (Hájek)": ipwSelfNormalizedAte(d.t, d.y, e) - TAU,
    "ATE: untreated rows weighted 0.5 (Horvitz–Thompson)": downWeighted(0.5) - TAU,
    "ATE: untreated rows weighted 0.5 (Hájek: each arm normalised, so no change)": ipwSelfNormalizedAte(d.t, d.y, e) - TAU,
    "E[Y(1)]: Σ_treated y/e over all n rows": treatedMean(d.t, d.y, e, n) - trueY1,
    "E[Y(1)]: Σ_treated y/e over the treated rows only (untreated dropped)": treatedMean(d.t, d.y, e, treated) - trueY1,
    [`ATE: untreated down-sampled to ${KEEP}, e(x) fitted on the sample, no correction (Hájek)`]:
      ipwSelfNormalizedAte(ts, ys, eSampled) - TAU,
    [`ATE: untreated down-sampled to ${KEEP}, e(x) fitted on the sample, no correction (Horvitz–Thompson)`]: ipwAte(ts, ys, eSampled) - TAU,
    [`ATE: untreated down-sampled to ${KEEP}, e(x) corrected and rows re-weighted`]: hajekWeighted - TAU,
    [`E[Y(1)]: untreated down-sampled to ${KEEP}, e(x) fitted on the sample, no correction`]: sampledY1 - trueY1,
    [`E[Y(1)]: untreated down-sampled to ${KEEP}, e(x) corrected and dropped rows counted back`]: correctedY1 - trueY1,
  };
}

export const ipwNeedsControl: Question = {
  name: "ipw-needs-control",
  question:
    "Inverse propensity weighting: must the untreated rows take part, and what happens to the estimate when they are dropped or down-weighted?",
  async run(scale) {
    const seeds = scale.quick ? scale.seeds : Array.from({ length: 20 }, (_, i) => i + 1);
    const rows = scale.quick ? 2_000 : 20_000;
    const draws = seeds.map((s) => estimates(s, rows));
    const numbers: Record<string, Record<string, Measured>> = {};
    for (const name of Object.keys(draws[0] as Record<string, number>))
      numbers[name] = { bias: meanStd(draws.map((d) => d[name] as number)) };
    const b = (k: string) => {
      const m = cellOf(numbers, k, "bias").mean;
      return `${m >= 0 ? "+" : ""}${m.toFixed(3)}`;
    };
    const answer =
      `Yes: the untreated rows carry E[Y(0)] and the denominator. Dropping them from the count biased the IPW mean of Y(1) by ${b("E[Y(1)]: Σ_treated y/e over the treated rows only (untreated dropped)")} ` +
      `(against ${b("E[Y(1)]: Σ_treated y/e over all n rows")} with every row), weighting them 0.5 in Horvitz–Thompson biased the ATE by ${b("ATE: untreated rows weighted 0.5 (Horvitz–Thompson)")} (true ATE ${TAU}), ` +
      `and down-sampling them to ${KEEP} before fitting e(x), then weighting as if nothing had been dropped, biased the IPW mean of Y(1) by ${b(`E[Y(1)]: untreated down-sampled to ${KEEP}, e(x) fitted on the sample, no correction`)} (${b(`E[Y(1)]: untreated down-sampled to ${KEEP}, e(x) corrected and dropped rows counted back`)} corrected) while the ATE moved by only ${b(`ATE: untreated down-sampled to ${KEEP}, e(x) fitted on the sample, no correction (Hájek)`)}: the down-sample shifts the population averaged over, which an effect equal for every row, as in this generator, does not reveal; ` +
      `only the per-arm normalised (Hájek) form is unmoved by a constant weight on one arm.`;
    return { answer, numbers: { ...numbers, trueAte: TAU, rowsPerDraw: rows }, seeds };
  },
};
