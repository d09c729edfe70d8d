import { type Chart, chartSpec, finite, PLOT_HEIGHT, PLOT_WIDTH, type Row } from "../chart.js";

/** One value per task after each round of a search, e.g. CEM's σ per weight or the online loop's weights. */
export interface RoundValues {
  round: number;
  values: Record<string, number>;
}

/** A line per task over the rounds (points marked, dashes as well as colours); non-finite values left out. */
export function roundLinesChart(
  id: string,
  text: { title: string; subtitle: string },
  rounds: RoundValues[],
  y: { field: string; title: string },
): Chart {
  const rows: Row[] = [];
  for (const r of rounds)
    for (const [task, value] of Object.entries(r.values)) if (finite(value)) rows.push({ round: r.round, task, [y.field]: value });
  const spec = chartSpec(text.title, text.subtitle, {
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "round", type: "quantitative", title: "round", axis: { tickMinStep: 1 } },
      y: { field: y.field, type: "quantitative", title: y.title },
      color: { field: "task", type: "nominal", title: "task" },
      strokeDash: { field: "task", type: "nominal", title: "task" },
    },
  });
  return { id, spec, rows };
}
