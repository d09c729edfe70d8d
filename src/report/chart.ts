import type { TopLevelSpec } from "vega-lite";

/** One row of a chart's data: what Vega-Lite reads by field name. */
export type Row = Record<string, string | number | boolean | null>;

/**
 * A chart as a report holds it: the Vega-Lite spec without its rows (`data: {name: "rows"}`),
 * which is what the snapshots compare, and the rows it is drawn from.
 */
export interface Chart {
  /** Unique on its page; the figure's `data-chart` attribute. */
  id: string;
  spec: TopLevelSpec;
  rows: Row[];
}

/** Okabe & Ito's eight colours: told apart under every common colour-vision deficiency, and in greyscale print by order. */
export const OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

/** Width of one plot area, in px: two figures side by side fit a 1280 px page with its margins. */
export const PLOT_WIDTH = 480;
export const PLOT_HEIGHT = 240;
/** A facet's cell, for small multiples: three to a row. */
export const CELL_WIDTH = 300;
export const CELL_HEIGHT = 180;

const CONFIG = {
  font: "Helvetica, Arial, sans-serif",
  background: "white",
  view: { stroke: "#bbb" },
  title: { fontSize: 14, anchor: "start", offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: "#e6e6e6", labelLimit: 320 },
  legend: { labelFontSize: 11, titleFontSize: 12, orient: "bottom", labelLimit: 360 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  range: { category: OKABE_ITO },
} as const;

/** The fields every chart shares: schema, named data, title, theme. */
export function chartSpec(title: string, subtitle: string | undefined, body: Record<string, unknown>): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: subtitle ? { text: title, subtitle } : title,
    data: { name: "rows" },
    ...body,
    config: CONFIG,
  } as TopLevelSpec;
}

/** Finite numbers only: a NaN or an infinity would break a scale, and a chart must not silently draw one. */
export function finite(v: number | null | undefined): v is number {
  return typeof v === "number" && Number.isFinite(v);
}
