import { CELL_HEIGHT, CELL_WIDTH, type Chart, chartSpec, finite, type Row } from "../chart.js";

/** One point of a sweep: a setting's value against a mean ± std over seeds. */
export interface SweepPoint {
  /** The facet it is drawn in: usually the metric, named with its unit. */
  panel: string;
  /** One line per series: a model, or a variant. */
  series: string;
  x: number;
  mean: number;
  std: number;
}

export interface SweepLinesOptions {
  /** Unique on its page; "sweep-lines" when not given. */
  id?: string;
  title: string;
  subtitle?: string;
  /** The swept setting, with its unit. */
  xTitle: string;
  /** The vertical axis's title, with its unit. */
  valueTitle: string;
  /**
   * "log" for a setting swept over orders of magnitude (λc from 0.03 to 10); "symlog" when the
   * sweep also holds 0 (a share from 0 % to 25 %); linear when not given.
   */
  xScale?: "log" | "symlog";
  zeroRule?: boolean;
  columns?: number;
}

/** How each series moves as a setting is swept: lines through the means, a vertical bar of ± std at each point. */
export function sweepLinesChart(points: SweepPoint[], o: SweepLinesOptions): Chart {
  const panels = [...new Set(points.map((p) => p.panel))];
  const rows: Row[] = points
    .filter((p) => finite(p.mean) && finite(p.x))
    .map((p) => {
      const std = finite(p.std) ? p.std : 0;
      return {
        panel: p.panel,
        order: panels.indexOf(p.panel),
        series: p.series,
        x: p.x,
        mean: p.mean,
        low: p.mean - std,
        high: p.mean + std,
      };
    });
  // ticks at the swept settings only: a log axis's default minor ticks were most of the SVG's bytes
  const settings = [...new Set(rows.map((r) => r.x as number))].sort((a, b) => a - b);
  const x = {
    field: "x",
    type: "quantitative",
    title: o.xTitle,
    scale: o.xScale ? { type: o.xScale } : { zero: false },
    axis: { values: settings, format: "~g" },
  };
  const color = { field: "series", type: "nominal", title: null, sort: null };
  const layer: Record<string, unknown>[] = [];
  if (o.zeroRule)
    layer.push({
      mark: { type: "rule", color: "#888", strokeDash: [4, 3] },
      encoding: { y: { datum: 0, type: "quantitative" } },
    });
  layer.push(
    {
      mark: { type: "line", point: { filled: true, size: 40 }, strokeWidth: 1.5 },
      encoding: {
        x,
        y: { field: "mean", type: "quantitative", title: o.valueTitle, scale: { zero: false } },
        color,
        tooltip: [
          { field: "series", type: "nominal" },
          { field: "x", type: "quantitative", title: o.xTitle },
          { field: "mean", type: "quantitative", format: ".4g" },
          { field: "low", type: "quantitative", format: ".4g", title: "mean − std" },
          { field: "high", type: "quantitative", format: ".4g", title: "mean + std" },
        ],
      },
    },
    {
      mark: { type: "rule", strokeWidth: 1.2 },
      encoding: { x, y: { field: "low", type: "quantitative" }, y2: { field: "high" }, color },
    },
  );
  const spec = chartSpec(o.title, o.subtitle, {
    // panels in the order the caller gives them (the headline metric first), not alphabetical
    facet: { field: "panel", type: "nominal", title: null, sort: { field: "order", op: "min" } },
    columns: o.columns ?? 2,
    // each panel its own x axis: a shared one sits in the facet footer, detached from its plot
    resolve: { scale: { y: "independent" }, axis: { x: "independent" } },
    spec: { width: CELL_WIDTH, height: CELL_HEIGHT, layer },
  });
  return { id: o.id ?? "sweep-lines", spec, rows };
}
