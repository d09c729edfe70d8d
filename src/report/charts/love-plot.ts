import type { Balance } from "../../causal/ate.js";
import { type Chart, chartSpec, finite, PLOT_WIDTH, type Row } from "../chart.js";

const WHEN = ["before weighting", "after weighting"];

/** Each covariate's standardised mean difference between the arms before and after weighting, with the ±0.1 band of good balance. */
export function lovePlotChart(b: Balance): Chart {
  const rows: Row[] = [];
  for (const [covariate, s] of Object.entries(b.smd)) {
    if (finite(s.before)) rows.push({ covariate, when: WHEN[0] as string, smd: s.before });
    if (finite(s.after)) rows.push({ covariate, when: WHEN[1] as string, smd: s.after });
  }
  const spec = chartSpec("Covariate balance (love plot)", "standardised mean difference, treated − control; inside the band: |SMD| < 0.1", {
    width: PLOT_WIDTH,
    height: { step: 22 },
    layer: [
      {
        // one band, not one per row: drawn per row, its translucent fill would stack to opaque
        data: { values: [{}] },
        mark: { type: "rect", fill: "#009E73", fillOpacity: 0.15, strokeWidth: 0 },
        encoding: { x: { datum: -0.1, type: "quantitative" }, x2: { datum: 0.1 } },
      },
      {
        // one band, not one per row: drawn per row, its translucent fill would stack to opaque
        data: { values: [{}] },
        mark: { type: "rule", color: "#888" },
        encoding: { x: { datum: 0, type: "quantitative" } },
      },
      {
        mark: { type: "point", filled: true, size: 60 },
        encoding: {
          y: { field: "covariate", type: "nominal", title: "covariate", sort: null },
          x: { field: "smd", type: "quantitative", title: "standardised mean difference (std units)" },
          color: { field: "when", type: "nominal", title: null, scale: { domain: WHEN, range: ["#D55E00", "#0072B2"] } },
          shape: { field: "when", type: "nominal", title: null, scale: { domain: WHEN, range: ["square", "circle"] } },
        },
      },
    ],
  });
  return { id: "love-plot", spec, rows };
}
