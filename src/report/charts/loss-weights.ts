import type { StepLogFile } from "../../train/step-log.js";
import { type Chart, chartSpec, finite, PLOT_HEIGHT, PLOT_WIDTH, type Row } from "../chart.js";

/** The weighting strategy's weight of each term per step (thinned): how it moved the balance between tasks. */
export function lossWeightsChart(steps: StepLogFile, strategy: string): Chart {
  const rows: Row[] = [];
  for (const [term, values] of Object.entries(steps.weight))
    values.forEach((weight, i) => {
      if (finite(weight)) rows.push({ term, step: steps.step[i] as number, weight });
    });
  const spec = chartSpec("Loss weights per step", `strategy: ${strategy}`, {
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    mark: { type: "line", strokeWidth: 1.5 },
    encoding: {
      x: { field: "step", type: "quantitative", title: "step (batches from the start)" },
      y: { field: "weight", type: "quantitative", title: "weight (multiplies the term's loss)" },
      color: { field: "term", type: "nominal", title: "term" },
      strokeDash: { field: "term", type: "nominal", title: "term" },
    },
  });
  return { id: "loss-weights", spec, rows };
}
