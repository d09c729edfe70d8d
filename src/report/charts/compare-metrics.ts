import type { Comparison } from "../../train/compare.js";
import { CELL_WIDTH, type Chart, chartSpec, finite, type Row } from "../chart.js";

export const BASELINE = "single";
const FLAGS = ["negative transfer", "seesaw", "no flag"];

/** How a model's point is marked on a task: its own negative transfer first, then a seesaw it takes part in. */
function flagOf(c: Comparison, model: string, task: string): string {
  if (c.flags.negativeTransfer.some((f) => f.model === model && f.task === task)) return "negative transfer";
  if (c.flags.seesaw.some((s) => s.model === model && (s.up.includes(task) || s.down.includes(task)))) return "seesaw";
  return "no flag";
}

/**
 * Per task, each architecture's mean ± std over seeds of the metric the flags compare; the
 * single-task baseline's mean as a dashed rule; points coloured where Welch's test flagged
 * negative transfer or a seesaw.
 */
export function compareMetricsChart(c: Comparison, seeds: number): Chart {
  const rows: Row[] = [];
  for (const task of c.tasks) {
    const metric = c.flagMetric[task.name] ?? "auc";
    const panel = `${task.name}: ${metric.toUpperCase()}`;
    for (const [model, tasks] of Object.entries(c.models)) {
      const s = tasks[task.name]?.[metric];
      if (!s || !finite(s.mean)) continue;
      const std = finite(s.std) ? s.std : 0;
      rows.push({
        panel,
        model,
        mean: s.mean,
        low: s.mean - std,
        high: s.mean + std,
        flag: flagOf(c, model, task.name),
        baseline: model === BASELINE,
      });
    }
  }
  const spec = chartSpec(
    "Validation metric per architecture",
    `mean ± std over ${seeds} seed${seeds === 1 ? "" : "s"}; dashed: the single-task baseline; colour: Welch's test flags`,
    {
      facet: { field: "panel", type: "nominal", title: null },
      columns: 3,
      resolve: { scale: { x: "independent" } },
      spec: {
        width: CELL_WIDTH,
        height: { step: 26 },
        layer: [
          {
            transform: [{ filter: "datum.baseline" }],
            mark: { type: "rule", strokeDash: [4, 3], color: "#555" },
            encoding: { x: { field: "mean", type: "quantitative" } },
          },
          {
            mark: { type: "rule", strokeWidth: 2, color: "#888" },
            encoding: {
              y: { field: "model", type: "nominal", title: null, sort: null },
              x: { field: "low", type: "quantitative", title: "validation value", scale: { zero: false } },
              x2: { field: "high" },
            },
          },
          {
            mark: { type: "point", filled: true, size: 70 },
            encoding: {
              y: { field: "model", type: "nominal", sort: null },
              x: { field: "mean", type: "quantitative" },
              color: { field: "flag", type: "nominal", title: null, scale: { domain: FLAGS, range: ["#D55E00", "#CC79A7", "#0072B2"] } },
              shape: {
                field: "flag",
                type: "nominal",
                title: null,
                scale: { domain: FLAGS, range: ["triangle-down", "diamond", "circle"] },
              },
              tooltip: [
                { field: "mean", type: "quantitative", format: ".4f" },
                { field: "low", type: "quantitative", format: ".4f", title: "mean − std" },
                { field: "high", type: "quantitative", format: ".4f", title: "mean + std" },
              ],
            },
          },
        ],
      },
    },
  );
  return { id: "compare-metrics", spec, rows };
}
