import { type Chart, chartSpec, finite, PLOT_HEIGHT, PLOT_WIDTH, type Row } from "../chart.js";
import { roundLinesChart } from "./round-lines.js";

export interface CemRound {
  round: number;
  mean: number;
  best: number;
  /** Per task: the standard deviation of the round's sampled weights (what CEM's σ makes them). */
  spread: Record<string, number>;
}

/** The evaluations of a CEM search cut into its rounds (`arms` vectors each, in order). */
export function cemRounds(evaluations: { weights: Record<string, number>; objective: number }[], arms: number): CemRound[] {
  const rounds: CemRound[] = [];
  for (let start = 0; start < evaluations.length; start += arms) {
    const round = evaluations.slice(start, start + arms);
    const objectives = round.map((e) => e.objective).filter(finite);
    const spread: Record<string, number> = {};
    for (const task of Object.keys(round[0]?.weights ?? {})) {
      const ws = round.map((e) => e.weights[task] as number);
      const mean = ws.reduce((a, b) => a + b, 0) / ws.length;
      spread[task] = Math.sqrt(ws.reduce((a, w) => a + (w - mean) ** 2, 0) / Math.max(ws.length - 1, 1));
    }
    rounds.push({
      round: rounds.length + 1,
      mean: objectives.length > 0 ? objectives.reduce((a, b) => a + b, 0) / objectives.length : Number.NaN,
      best: objectives.length > 0 ? Math.max(...objectives) : Number.NaN,
      spread,
    });
  }
  return rounds;
}

/** Mean and best objective of each CEM round: the search converging. */
export function cemObjectiveChart(rounds: CemRound[], objective: string): Chart {
  const rows: Row[] = [];
  for (const r of rounds) {
    if (finite(r.mean)) rows.push({ round: r.round, series: "mean of the round", value: r.mean });
    if (finite(r.best)) rows.push({ round: r.round, series: "best of the round", value: r.best });
  }
  const spec = chartSpec("CEM convergence: objective", `${objective} on the tuning requests, per round`, {
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "round", type: "quantitative", title: "round", axis: { tickMinStep: 1 } },
      y: { field: "value", type: "quantitative", title: objective, scale: { zero: false } },
      color: { field: "series", type: "nominal", title: null },
      strokeDash: { field: "series", type: "nominal", title: null },
    },
  });
  return { id: "cem-objective", spec, rows };
}

/** The spread of each task's sampled weights per round: CEM's σ shrinking as it settles. */
export function cemSpreadChart(rounds: CemRound[]): Chart {
  return roundLinesChart(
    "cem-spread",
    { title: "CEM convergence: σ per weight", subtitle: "standard deviation of each task's sampled weights in the round" },
    rounds.map((r) => ({ round: r.round, values: r.spread })),
    { field: "spread", title: "σ of the weight (weight units)" },
  );
}
