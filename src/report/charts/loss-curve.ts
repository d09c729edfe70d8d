import type { StepLogFile } from "../../train/step-log.js";
import { CELL_HEIGHT, CELL_WIDTH, type Chart, chartSpec, finite, type Row } from "../chart.js";

/** Each loss term per training step (thinned), one panel per term: their scales differ (BCE against MSE). */
export function lossCurveChart(steps: StepLogFile): Chart {
  const rows: Row[] = [];
  for (const [term, values] of Object.entries(steps.loss))
    values.forEach((loss, i) => {
      if (finite(loss)) rows.push({ term, step: steps.step[i] as number, epoch: steps.epoch[i] as number, loss });
    });
  const spec = chartSpec("Training loss per step", `each term's batch mean, ${steps.step.length} of the steps kept evenly`, {
    facet: { field: "term", type: "nominal", title: null },
    columns: 3,
    resolve: { scale: { y: "independent" } },
    spec: {
      width: CELL_WIDTH,
      height: CELL_HEIGHT,
      mark: { type: "line", strokeWidth: 1.2 },
      encoding: {
        x: { field: "step", type: "quantitative", title: "step (batches from the start)" },
        y: { field: "loss", type: "quantitative", title: "loss (mean per row)", scale: { zero: false } },
        color: { value: "#0072B2" },
      },
    },
  });
  return { id: "loss-per-step", spec, rows };
}
