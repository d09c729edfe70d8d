import { type Chart, chartSpec, PLOT_HEIGHT, PLOT_WIDTH, type Row } from "../chart.js";
import { histogram } from "../histogram.js";

const BINS = 25;

/** The fitted propensity by arm, each arm's bars summing to 1: where one arm has no rows, weighting cannot balance it. */
export function propensityOverlapChart(propensity: ArrayLike<number>, treatment: ArrayLike<number>): Chart {
  const rows: Row[] = [];
  for (const [arm, value] of [
    ["treated", 1],
    ["control", 0],
  ] as const) {
    const counts = histogram(propensity, 0, 1, BINS, (i) => treatment[i] === value);
    const total = counts.reduce((a, b) => a + b, 0);
    counts.forEach((count, b) => {
      rows.push({ arm, lower: b / BINS, upper: (b + 1) / BINS, share: total > 0 ? count / total : 0, count });
    });
  }
  const spec = chartSpec("Propensity overlap", "fitted P(treated | covariates) by arm; share of each arm's rows per bin", {
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    mark: { type: "rect", opacity: 0.6 },
    encoding: {
      x: { field: "lower", type: "quantitative", title: "propensity (probability of treatment)", scale: { domain: [0, 1] } },
      x2: { field: "upper" },
      y: { field: "share", type: "quantitative", title: "share of the arm's rows" },
      y2: { datum: 0 },
      color: { field: "arm", type: "nominal", title: null, scale: { domain: ["treated", "control"], range: ["#D55E00", "#0072B2"] } },
      tooltip: [{ field: "count", type: "quantitative", title: "rows" }],
    },
  });
  return { id: "propensity-overlap", spec, rows };
}
