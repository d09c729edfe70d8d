import { type Chart, chartSpec, finite, PLOT_WIDTH, type Row } from "../chart.js";

export interface Estimate {
  name: string;
  value: number;
  low: number;
  high: number;
  interval: string;
}

/** Each estimate with its 95 % interval, zero marked: an interval that crosses it does not tell the effect's sign. */
export function estimatesChart(estimates: Estimate[], what: string): Chart {
  const rows: Row[] = estimates
    .filter((e) => finite(e.value))
    .map((e) => ({
      name: e.name,
      value: e.value,
      low: finite(e.low) ? e.low : e.value,
      high: finite(e.high) ? e.high : e.value,
      interval: e.interval,
    }));
  const spec = chartSpec("Estimates", `${what}, with 95 % intervals`, {
    width: PLOT_WIDTH,
    height: { step: 30 },
    layer: [
      {
        data: { values: [{}] },
        mark: { type: "rule", color: "#888", strokeDash: [4, 3] },
        encoding: { x: { datum: 0, type: "quantitative" } },
      },
      {
        mark: { type: "rule", strokeWidth: 2, color: "#0072B2" },
        encoding: {
          y: { field: "name", type: "nominal", title: null, sort: null },
          x: { field: "low", type: "quantitative", title: "effect (outcome units)" },
          x2: { field: "high" },
        },
      },
      {
        mark: { type: "point", filled: true, size: 70, color: "#0072B2" },
        encoding: {
          y: { field: "name", type: "nominal", sort: null },
          x: { field: "value", type: "quantitative" },
          tooltip: [
            { field: "value", type: "quantitative", format: ".4f" },
            { field: "low", type: "quantitative", format: ".4f" },
            { field: "high", type: "quantitative", format: ".4f" },
            { field: "interval", type: "nominal" },
          ],
        },
      },
    ],
  });
  return { id: "estimates", spec, rows };
}
