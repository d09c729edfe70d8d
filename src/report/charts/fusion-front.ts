import { type Chart, chartSpec, finite, PLOT_HEIGHT, PLOT_WIDTH, type Row } from "../chart.js";

export interface FrontPoint {
  a: number;
  b: number;
  weights: Record<string, number>;
}

/** The points no other point beats on both metrics, sorted by the first: the trade-offs worth choosing among. */
export function paretoFront(points: FrontPoint[]): FrontPoint[] {
  const sorted = points.filter((p) => finite(p.a) && finite(p.b)).sort((x, y) => y.a - x.a || y.b - x.b);
  const front: FrontPoint[] = [];
  let bestB = Number.NEGATIVE_INFINITY;
  for (const p of sorted) {
    if (p.b > bestB) {
      front.push(p);
      bestB = p.b;
    }
  }
  return front.reverse();
}

const KINDS = ["evaluated", "Pareto front", "chosen"];

/** Every weight vector the search evaluated, placed by two task metrics on the tuning requests; the front and the chosen weights marked. */
export function fusionFrontChart(points: FrontPoint[], chosen: FrontPoint, axes: { a: string; b: string }): Chart {
  const weightsText = (w: Record<string, number>) =>
    Object.entries(w)
      .map(([k, v]) => `${k} ${v.toFixed(3)}`)
      .join(", ");
  const rows: Row[] = [];
  for (const p of points)
    if (finite(p.a) && finite(p.b)) rows.push({ kind: "evaluated", a: p.a, b: p.b, weights: weightsText(p.weights), order: 0 });
  paretoFront(points).forEach((p, i) => {
    rows.push({ kind: "Pareto front", a: p.a, b: p.b, weights: weightsText(p.weights), order: i });
  });
  if (finite(chosen.a) && finite(chosen.b))
    rows.push({ kind: "chosen", a: chosen.a, b: chosen.b, weights: weightsText(chosen.weights), order: 0 });
  const encoding = {
    x: { field: "a", type: "quantitative", title: axes.a, scale: { zero: false } },
    y: { field: "b", type: "quantitative", title: axes.b, scale: { zero: false } },
    tooltip: [{ field: "weights", type: "nominal" }],
  };
  const color = { field: "kind", type: "nominal", title: null, scale: { domain: KINDS, range: ["#9ecae1", "#0072B2", "#D55E00"] } };
  const spec = chartSpec("Evaluated fusion weights", "each point one weight vector, on the tuning requests", {
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    layer: [
      {
        transform: [{ filter: "datum.kind === 'evaluated'" }],
        mark: { type: "point", filled: true, size: 22, opacity: 0.6 },
        encoding: { ...encoding, color },
      },
      {
        transform: [{ filter: "datum.kind === 'Pareto front'" }],
        mark: { type: "line", point: true, strokeWidth: 1.5 },
        encoding: { ...encoding, order: { field: "order", type: "quantitative" }, color },
      },
      {
        transform: [{ filter: "datum.kind === 'chosen'" }],
        mark: { type: "point", shape: "diamond", filled: true, size: 160 },
        encoding: { ...encoding, color },
      },
    ],
  });
  return { id: "fusion-front", spec, rows };
}
