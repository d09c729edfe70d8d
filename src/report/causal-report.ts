import type { AteData, AteResult, Balance } from "../causal/ate.js";
import { type Estimate, estimatesChart } from "./charts/estimates.js";
import { lovePlotChart } from "./charts/love-plot.js";
import { propensityOverlapChart } from "./charts/propensity-overlap.js";
import { weightDistributionChart } from "./charts/weight-distribution.js";
import { type Cell, formatNumber, metricCell, type Page, type Section } from "./page.js";

export interface CausalReportInput {
  data: AteData;
  /** The propensity of each row the weights came from. */
  propensity: Float64Array;
  /** Each row's inverse-propensity weight (what the balance and the weight chart show). */
  weights: Float64Array;
  balance: Balance;
  /** `causal ate`: the estimate; `causal balance` has none. */
  estimate?: AteResult;
  what: string;
}

/** The unadjusted difference in mean outcome between the arms, with its normal 95 % interval: what confounding distorts. */
export function naiveDifference(t: ArrayLike<number>, y: ArrayLike<number>): Estimate {
  const sums = [0, 0];
  const squares = [0, 0];
  const counts = [0, 0];
  for (let i = 0; i < t.length; i++) {
    const arm = t[i] === 1 ? 1 : 0;
    const v = y[i] as number;
    sums[arm] = (sums[arm] as number) + v;
    squares[arm] = (squares[arm] as number) + v * v;
    counts[arm] = (counts[arm] as number) + 1;
  }
  const mean = (a: number) => (sums[a] as number) / (counts[a] as number);
  const variance = (a: number) => ((squares[a] as number) - (counts[a] as number) * mean(a) ** 2) / ((counts[a] as number) - 1);
  const value = mean(1) - mean(0);
  const se = Math.sqrt(variance(1) / (counts[1] as number) + variance(0) / (counts[0] as number));
  return { name: "difference in means (unadjusted)", value, low: value - 1.96 * se, high: value + 1.96 * se, interval: "normal" };
}

/** The page of `mtrec causal ate|balance`: balance before and after weighting, overlap, weights, and the estimate. */
export function causalReport(r: CausalReportInput): Page {
  const b = r.balance;
  const sections: Section[] = [];
  if (r.estimate && r.data.y.length > 0) {
    const e = r.estimate;
    const estimates: Estimate[] = [
      { name: `${e.method} (adjusted)`, value: e.ate, low: e.ci[0], high: e.ci[1], interval: e.diagnostics.interval },
      naiveDifference(r.data.t, r.data.y),
    ];
    const rows: Cell[][] = [
      ["ATE", metricCell("ate", e.ate)],
      ["95 % interval, lower", metricCell("ci.0", e.ci[0])],
      ["95 % interval, upper", metricCell("ci.1", e.ci[1])],
      ["standard error", metricCell("se", e.se)],
    ];
    sections.push({
      title: "Estimate",
      notes: [
        `${e.method}: interval by ${e.diagnostics.interval}. The unadjusted difference is shown for contrast; it is what confounding biases.`,
      ],
      tables: [{ caption: "Average treatment effect", columns: ["measure", "value"], rows }],
      charts: [estimatesChart(estimates, "adjusted and unadjusted")],
    });
  }
  const worst = Object.entries(b.smd).filter(([, s]) => Math.abs(s.after) >= 0.1);
  sections.push({
    title: "Balance",
    notes: [
      worst.length === 0
        ? "After weighting every covariate's |SMD| is below 0.1."
        : `After weighting ${worst.length} covariate${worst.length === 1 ? "" : "s"} still ha${worst.length === 1 ? "s" : "ve"} |SMD| ≥ 0.1: ${worst.map(([c]) => c).join(", ")}.`,
      ...b.overlap.map((o) => `Warning: ${o.message}`),
    ],
    charts: [
      lovePlotChart(b),
      propensityOverlapChart(r.propensity, r.data.t),
      weightDistributionChart(r.weights, b.weights.effectiveSampleSize),
    ],
    tables: [
      {
        caption: "Standardised mean differences and KS after weighting",
        columns: ["covariate", "SMD before", "SMD after", "KS after"],
        rows: Object.entries(b.smd).map(([c, s]) => [
          c,
          metricCell(`smd.${c}.before`, s.before, 3),
          metricCell(`smd.${c}.after`, s.after, 3),
          metricCell(`ks.${c}`, b.ks[c], 3),
        ]),
      },
      {
        caption: "Weights",
        columns: ["measure", "value"],
        rows: [
          ["min", formatNumber(b.weights.min, 3)],
          ["median", formatNumber(b.weights.percentiles.p50, 3)],
          ["99th percentile", formatNumber(b.weights.percentiles.p99, 3)],
          ["max", formatNumber(b.weights.max, 3)],
          ["effective sample size", metricCell("weights.effectiveSampleSize", b.weights.effectiveSampleSize, 0)],
        ],
      },
    ],
  });
  return { title: "mtrec causal report", subtitle: r.what, sections };
}
