import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { MtrecError } from "../errors.js";
import type { Chart } from "./chart.js";

/** A chart compiled to SVG in Node: Vega's headless view, no browser and no canvas (text widths are estimated). */
export async function renderSvg(chart: Chart): Promise<string> {
  const spec = { ...chart.spec, data: { values: chart.rows } } as TopLevelSpec;
  let view: vega.View | undefined;
  try {
    view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
    return await view.toSVG();
  } catch (e) {
    throw new MtrecError("INTERNAL", `mtrec: report: chart "${chart.id}" could not be drawn: ${(e as Error).message}`);
  } finally {
    view?.finalize();
  }
}
