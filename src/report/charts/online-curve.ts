import type { OnlineRound } from "../../fusion/online.js";
import { type Chart, chartSpec, finite, PLOT_HEIGHT, PLOT_WIDTH, type Row } from "../chart.js";
import { roundLinesChart } from "./round-lines.js";

const SERIES = ["arms' metric, mean", "arms' metric, best", "expected value of the search mean"];

/** The simulated online loop per round: what the noisy A/B arms saw, and the expected value the search mean actually has. */
export function onlineCurveChart(curve: OnlineRound[], equal: number): Chart {
  const rows: Row[] = [];
  for (const c of curve) {
    const values = [c.meanMetric, c.bestMetric, c.expected];
    values.forEach((value, i) => {
      if (finite(value)) rows.push({ round: c.round, series: SERIES[i] as string, value });
    });
  }
  const spec = chartSpec("Simulated online loop", `value per request; dashed grey: equal weights' expected value (${equal.toFixed(4)})`, {
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    layer: [
      {
        mark: { type: "line", point: true },
        encoding: {
          x: { field: "round", type: "quantitative", title: "round", axis: { tickMinStep: 1 } },
          y: { field: "value", type: "quantitative", title: "value per request", scale: { zero: false } },
          color: { field: "series", type: "nominal", title: null, scale: { domain: SERIES } },
          strokeDash: { field: "series", type: "nominal", title: null, scale: { domain: SERIES } },
        },
      },
      {
        data: { values: [{}] },
        mark: { type: "rule", color: "#999", strokeDash: [4, 3] },
        encoding: { y: { datum: equal, type: "quantitative" } },
      },
    ],
  });
  return { id: "online-curve", spec, rows };
}

/** The search mean's weights after each round. */
export function onlineWeightsChart(curve: OnlineRound[]): Chart {
  return roundLinesChart(
    "online-weights",
    { title: "Search mean per round", subtitle: "the weights the online loop would ship after each round" },
    curve.map((c) => ({ round: c.round, values: c.weights })),
    { field: "weight", title: "weight" },
  );
}
