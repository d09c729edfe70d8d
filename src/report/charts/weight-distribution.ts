import { type Chart, chartSpec, PLOT_HEIGHT, PLOT_WIDTH, type Row } from "../chart.js";
import { histogram } from "../histogram.js";

const BINS = 30;

/** The weights an IPW form gives each row, on a log scale: a long right tail is a few rows carrying the estimate. */
export function weightDistributionChart(weights: ArrayLike<number>, effectiveSampleSize: number): Chart {
  const logs = Float64Array.from(weights, (w) => (w > 0 ? Math.log10(w) : Number.NaN));
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const v of logs)
    if (Number.isFinite(v)) {
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
  const rows: Row[] = [];
  if (Number.isFinite(low)) {
    if (high === low) high = low + 1;
    const counts = histogram(logs, low, high, BINS);
    const width = (high - low) / BINS;
    counts.forEach((count, b) => {
      rows.push({ lower: 10 ** (low + b * width), upper: 10 ** (low + (b + 1) * width), count });
    });
  }
  const spec = chartSpec(
    "Weight distribution",
    `the estimator's weights, log-spaced bins; effective sample size ${Math.round(effectiveSampleSize).toLocaleString("en-US")}`,
    {
      width: PLOT_WIDTH,
      height: PLOT_HEIGHT,
      mark: { type: "rect", color: "#0072B2" },
      encoding: {
        x: { field: "lower", type: "quantitative", title: "weight (log scale)", scale: { type: "log" } },
        x2: { field: "upper" },
        y: { field: "count", type: "quantitative", title: "rows" },
        y2: { datum: 0 },
      },
    },
  );
  return { id: "weight-distribution", spec, rows };
}
