import type { Reliability } from "../../metrics/reliability.js";
import { CELL_HEIGHT, type Chart, chartSpec, finite, type Row } from "../chart.js";

const MODEL = "model (mean label per bin)";
const PERFECT = "perfectly calibrated";

/** Reliability plot per binary task: mean label against mean prediction per bin, with the diagonal and the ECE. */
export function reliabilityChart(tables: Record<string, Reliability>, where: string): Chart {
  const rows: Row[] = [];
  for (const [task, r] of Object.entries(tables)) {
    const panel = `${task} (ECE ${r.ece.toFixed(4)})`;
    rows.push({ panel, series: PERFECT, predicted: 0, observed: 0, count: null });
    rows.push({ panel, series: PERFECT, predicted: 1, observed: 1, count: null });
    for (const b of r.bins)
      if (b.count > 0 && finite(b.meanPred) && finite(b.meanLabel))
        rows.push({ panel, series: MODEL, predicted: b.meanPred, observed: b.meanLabel, count: b.count });
  }
  const spec = chartSpec("Reliability (calibration)", `10 equal-width bins of the predicted probability, ${where}`, {
    facet: { field: "panel", type: "nominal", title: null },
    columns: 3,
    spec: {
      width: CELL_HEIGHT,
      height: CELL_HEIGHT,
      mark: { type: "line", point: true },
      encoding: {
        x: { field: "predicted", type: "quantitative", title: "mean predicted probability", scale: { domain: [0, 1] } },
        y: { field: "observed", type: "quantitative", title: "share of label 1", scale: { domain: [0, 1] } },
        color: { field: "series", type: "nominal", title: null, scale: { domain: [MODEL, PERFECT], range: ["#0072B2", "#999999"] } },
        strokeDash: {
          field: "series",
          type: "nominal",
          title: null,
          scale: {
            domain: [MODEL, PERFECT],
            range: [
              [1, 0],
              [4, 3],
            ],
          },
        },
        tooltip: [{ field: "count", type: "quantitative", title: "rows in bin" }],
      },
    },
  });
  return { id: "reliability", spec, rows };
}
