import type { GateUsage } from "../../analysis/gates.js";
import type { EvalReport } from "../../train/evaluate.js";
import { type Chart, chartSpec, finite, type Row } from "../chart.js";

/** One level's gates: below the last level of a PLE, each task's gate and the shared gate. */
export interface GateLevel {
  /** The level's name (`level0`), absent for a model with one level of gates. */
  name?: string;
  /** 1-based position and count of the levels, for the title. */
  position?: { index: number; of: number };
  gates: Record<string, GateUsage>;
}

/**
 * A report's gates split by level: a PLE's lower levels (`level0/click` → level0, gate click)
 * in order, then the last level, whose gates feed the towers. A model with one level of gates
 * gives one level with no name.
 */
export function gateLevels(report: Pick<EvalReport, "gates" | "levelGates">): GateLevel[] {
  const lower = new Map<string, Record<string, GateUsage>>();
  for (const [key, usage] of Object.entries(report.levelGates ?? {})) {
    const cut = key.indexOf("/");
    const level = key.slice(0, cut);
    lower.set(level, { ...lower.get(level), [key.slice(cut + 1)]: usage });
  }
  if (lower.size === 0) return [{ gates: report.gates ?? {} }];
  const of = lower.size + 1;
  const names = [...lower.keys()].sort((a, b) => levelNumber(a) - levelNumber(b));
  return [
    ...names.map((name, i) => ({ name, position: { index: i + 1, of }, gates: lower.get(name) ?? {} })),
    { name: `level${of - 1}`, position: { index: of, of }, gates: report.gates ?? {} },
  ];
}

const levelNumber = (name: string): number => Number(name.replace(/^\D+/, ""));

/** Experts in the models' order, each owner's together: the tasks' own experts, then the shared ones. */
function expertOrder(gates: Record<string, GateUsage>): string[] {
  const seen = [...new Set(Object.values(gates).flatMap((usage) => Object.keys(usage)))];
  const shared = (e: string) => e.startsWith("shared/");
  return [...seen.filter((e) => !shared(e)), ...seen.filter(shared)];
}

/**
 * Mean gate weight of each expert per gate on validation rows: which experts each task leans
 * on. One chart per level for a PLE (`gateLevels`); a lower level's rows are its tasks' gates
 * and the shared gate, which mixes every expert of the level for the next level's shared experts.
 */
export function gateHeatmapChart(gates: Record<string, GateUsage>, rowsEvaluated: number, level: Omit<GateLevel, "gates"> = {}): Chart {
  const order = expertOrder(gates);
  const rows: Row[] = [];
  Object.entries(gates).forEach(([task, usage], gateOrder) => {
    for (const [expert, weight] of Object.entries(usage))
      if (finite(weight)) rows.push({ task, expert, weight, gateOrder, expertOrder: order.indexOf(expert) });
  });
  const last = level.position ? level.position.index === level.position.of : true;
  const where = level.name && level.position ? `, ${level.name} (level ${level.position.index} of ${level.position.of})` : "";
  const sizes = [...new Set(Object.values(gates).map((usage) => Object.keys(usage).length))];
  const equal = sizes.map((n) => (1 / Math.max(n, 1)).toFixed(3)).join(" or ");
  const spec = chartSpec(
    `Expert usage per ${last ? "task" : "gate"}${where}`,
    `mean gate weight over ${rowsEvaluated.toLocaleString("en-US")} validation rows; equal use would be ${equal} each${
      last ? (level.name ? "; the towers read this level" : "") : "; the shared gate mixes every expert for the next level"
    }`,
    {
      width: { step: 56 },
      height: { step: 30 },
      encoding: {
        x: {
          field: "expert",
          type: "nominal",
          title: "expert",
          sort: { field: "expertOrder", op: "min" },
          axis: { labelAngle: -30 },
        },
        y: { field: "task", type: "nominal", title: last ? "task" : "gate", sort: { field: "gateOrder", op: "min" } },
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
  return { id: last ? "gate-usage" : `gate-usage-${level.name}`, spec, rows };
}

/** The report's heatmaps of expert usage: one, or one per level for a PLE. */
export function gateHeatmapCharts(report: Pick<EvalReport, "gates" | "levelGates">, rowsEvaluated: number): Chart[] {
  return gateLevels(report).map(({ gates, ...level }) => gateHeatmapChart(gates, rowsEvaluated, level));
}
