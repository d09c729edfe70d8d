import { CELL_WIDTH, type Chart, chartSpec, finite, type Row } from "../chart.js";

/** One measured value: a mean ± std over seeds (std 0 for an exact number). */
export interface MeanStdPoint {
  /** The facet it is drawn in: usually the metric, named with its unit. */
  panel: string;
  /** The row label on the vertical axis: a model, a variant, an estimator. */
  category: string;
  /** Told apart by colour within a row; "" when a chart has one series. */
  series: string;
  mean: number;
  std: number;
}

export interface GroupedBarsOptions {
  /** Unique on its page; "grouped-bars" when not given. */
  id?: string;
  title: string;
  subtitle?: string;
  /** The horizontal axis's title, with its unit. */
  valueTitle: string;
  /**
   * Bars only where the value has a natural zero (a share, a bias, a norm). AUCs live in a
   * narrow band far from zero, where bars would hide the differences: those are dots.
   */
  bars: boolean;
  /** A dashed rule at 0, for signed values such as a bias. */
  zeroRule?: boolean;
  columns?: number;
  /** Each panel lists only its own categories (panels that compare different things), instead of one shared list. */
  ownRows?: boolean;
}

/** A label broken at spaces into lines of at most `width` characters, joined by "\n". */
export function wrapped(label: string, width = 36): string {
  const lines: string[] = [];
  let line = "";
  for (const word of label.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join("\n");
}

/** Rows of mean ± std, grouped by category and coloured by series, one facet per panel; a NaN is left out, not drawn as 0. */
export function groupedBarsChart(points: MeanStdPoint[], o: GroupedBarsOptions): Chart {
  const panels = [...new Set(points.map((p) => p.panel))];
  const rows: Row[] = points
    .filter((p) => finite(p.mean))
    .map((p) => {
      const std = finite(p.std) ? p.std : 0;
      return {
        panel: p.panel,
        order: panels.indexOf(p.panel),
        category: wrapped(p.category),
        series: wrapped(p.series, 48),
        mean: p.mean,
        low: p.mean - std,
        high: p.mean + std,
      };
    });
  const series = new Set(rows.map((r) => r.series)).size;
  // the step is each series' slot within a row: together they must fit the row's label lines
  const lines = Math.max(1, ...rows.map((r) => String(r.category).split("\n").length));
  const step = Math.max(16, Math.ceil((13 * lines + 5) / series));
  const color =
    series > 1
      ? { field: "series", type: "nominal", title: null, sort: null, legend: { labelExpr: "split(datum.value, '\\n')" } }
      : { value: "#0072B2", legend: null };
  // long variant names are the point of these charts: wrapped on lines, not cut (headless Vega
  // over-estimates text widths, so a long single line is cut short and leaves a wide margin)
  const y = { field: "category", type: "nominal", title: null, sort: null, axis: { labelExpr: "split(datum.value, '\\n')" } };
  const yOffset = { field: "series", sort: null };
  const layer: Record<string, unknown>[] = [];
  if (o.zeroRule)
    layer.push({
      mark: { type: "rule", color: "#888", strokeDash: [4, 3] },
      encoding: { x: { datum: 0, type: "quantitative" } },
    });
  layer.push(
    {
      mark: o.bars ? { type: "bar", opacity: 0.85 } : { type: "point", filled: true, size: 60 },
      encoding: {
        y,
        yOffset,
        // not stacked: series sit side by side (and a stack would fork the data the error bars read)
        x: { field: "mean", type: "quantitative", title: o.valueTitle, scale: { zero: o.bars }, stack: null },
        color,
        tooltip: [
          { field: "category", type: "nominal" },
          { field: "series", type: "nominal" },
          { field: "mean", type: "quantitative", format: ".4g" },
          { field: "low", type: "quantitative", format: ".4g", title: "mean − std" },
          { field: "high", type: "quantitative", format: ".4g", title: "mean + std" },
        ],
      },
    },
    {
      mark: { type: "rule", strokeWidth: 1.5, color: "#333" },
      encoding: { y, yOffset, x: { field: "low", type: "quantitative" }, x2: { field: "high" } },
    },
  );
  const cell = { width: CELL_WIDTH, height: { step }, layer };
  const body = o.ownRows
    ? {
        // one view per panel rather than a facet: a facet with its own rows per cell makes
        // Vega-Lite union the layers' domains across data forks (and warn)
        concat: panels.map((panel) => ({ title: panel, transform: [{ filter: { field: "panel", equal: panel } }], ...cell })),
        columns: o.columns ?? 2,
        resolve: { scale: { x: "independent", y: "independent" } },
      }
    : {
        // panels in the order the caller gives them (the headline metric first), not alphabetical
        facet: { field: "panel", type: "nominal", title: null, sort: { field: "order", op: "min" } },
        columns: o.columns ?? 2,
        resolve: { scale: { x: "independent" } },
        spec: cell,
      };
  const spec = chartSpec(o.title, o.subtitle, body);
  return { id: o.id ?? "grouped-bars", spec, rows };
}
