import type { GateUsage } from "../../analysis/gates.js";
import { type Chart, chartSpec, finite, type Row } from "../chart.js";

/** Mean gate weight of each expert per task on validation rows: which experts each task leans on. */
export function gateHeatmapChart(gates: Record<string, GateUsage>, rowsEvaluated: number): Chart {
  const rows: Row[] = [];
  for (const [task, usage] of Object.entries(gates))
    for (const [expert, weight] of Object.entries(usage)) if (finite(weight)) rows.push({ task, expert, weight });
  const experts = new Set(rows.map((r) => r.expert)).size;
  const spec = chartSpec(
    "Expert usage per task",
    `mean gate weight over ${rowsEvaluated.toLocaleString("en-US")} validation rows; equal use would be ${(1 / Math.max(experts, 1)).toFixed(3)} each`,
    {
      width: { step: 56 },
      height: { step: 30 },
      encoding: {
        x: { field: "expert", type: "nominal", title: "expert", sort: null, axis: { labelAngle: -30 } },
        y: { field: "task", type: "nominal", title: "task", sort: null },
      },
      layer: [
        {
          mark: "rect",
          encoding: {
            color: { field: "weight", type: "quantitative", title: "mean gate weight", scale: { scheme: "viridis", domain: [0, 1] } },
          },
        },
        {
          mark: { type: "text", fontSize: 10 },
          encoding: {
            text: { field: "weight", type: "quantitative", format: ".2f" },
            color: { condition: { test: "datum.weight > 0.6", value: "black" }, value: "white" },
          },
        },
      ],
    },
  );
  return { id: "gate-usage", spec, rows };
}
