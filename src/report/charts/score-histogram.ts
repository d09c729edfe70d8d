import type { Reliability } from "../../metrics/reliability.js";
import { CELL_HEIGHT, CELL_WIDTH, type Chart, chartSpec, type Row } from "../chart.js";

/** Each binary task's predicted probabilities by label, each label's bars summing to 1 so a rare positive class shows. */
export function scoreHistogramChart(tables: Record<string, Reliability>, where: string): Chart {
  const rows: Row[] = [];
  for (const [task, r] of Object.entries(tables)) {
    const { bins, positives, negatives } = r.histogram;
    for (const [label, counts] of [
      ["label 1", positives],
      ["label 0", negatives],
    ] as const) {
      const total = counts.reduce((a, b) => a + b, 0);
      counts.forEach((count, b) => {
        rows.push({ task, label, lower: b / bins, upper: (b + 1) / bins, share: total > 0 ? count / total : 0, count });
      });
    }
  }
  const spec = chartSpec("Predicted probability by label", `share of each label's rows per bin, ${where}`, {
    facet: { field: "task", type: "nominal", title: null },
    columns: 3,
    spec: {
      width: CELL_WIDTH,
      height: CELL_HEIGHT,
      mark: { type: "rect", opacity: 0.6 },
      encoding: {
        x: { field: "lower", type: "quantitative", title: "predicted probability", scale: { domain: [0, 1] } },
        x2: { field: "upper" },
        y: { field: "share", type: "quantitative", title: "share of the label's rows" },
        y2: { datum: 0 },
        color: { field: "label", type: "nominal", title: null, scale: { domain: ["label 1", "label 0"], range: ["#D55E00", "#0072B2"] } },
        tooltip: [{ field: "count", type: "quantitative", title: "rows" }],
      },
    },
  });
  return { id: "score-histogram", spec, rows };
}
