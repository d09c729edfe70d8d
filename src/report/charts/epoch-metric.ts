import type { TaskSpec } from "../../models/types.js";
import type { EvalReport } from "../../train/evaluate.js";
import { CELL_HEIGHT, CELL_WIDTH, type Chart, chartSpec, finite, type Row } from "../chart.js";

/** The metric early stopping reads per task: AUC for a binary task, MSE for a regression. */
export function epochMetricOf(task: TaskSpec): "auc" | "mse" {
  return task.type === "binary" ? "auc" : "mse";
}

/** Each task's validation metric after every epoch, the kept epoch drawn as a vertical rule. */
export function epochMetricChart(history: { epoch: number; valid: EvalReport }[], tasks: TaskSpec[], keptEpoch: number): Chart {
  const rows: Row[] = [];
  for (const task of tasks) {
    const metric = epochMetricOf(task);
    for (const h of history) {
      const value = h.valid.tasks[task.name]?.[metric];
      if (finite(value)) rows.push({ panel: `${task.name}: ${metric.toUpperCase()}`, epoch: h.epoch, value, kept: h.epoch === keptEpoch });
    }
  }
  const spec = chartSpec("Validation metric per epoch", `the vertical rule marks the kept epoch (${keptEpoch})`, {
    facet: { field: "panel", type: "nominal", title: null },
    columns: 3,
    resolve: { scale: { y: "independent" } },
    spec: {
      width: CELL_WIDTH,
      height: CELL_HEIGHT,
      layer: [
        {
          mark: { type: "line", point: true, color: "#0072B2" },
          encoding: {
            x: { field: "epoch", type: "quantitative", title: "epoch", axis: { tickMinStep: 1 } },
            y: { field: "value", type: "quantitative", title: "validation value", scale: { zero: false } },
          },
        },
        {
          transform: [{ filter: "datum.kept" }],
          mark: { type: "rule", color: "#D55E00", strokeDash: [4, 3], strokeWidth: 1.5 },
          encoding: { x: { field: "epoch", type: "quantitative" } },
        },
      ],
    },
  });
  return { id: "metric-per-epoch", spec, rows };
}
