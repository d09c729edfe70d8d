import type { Sym } from "../graph.js";
import { normalizeAxis } from "../shape.js";
import { div } from "./div.js";
import { countOf } from "./shape-of.js";
import { sum } from "./sum.js";

/** Mean over `axes` (all axes when omitted); the count is read at run time for the batch axis. */
export function mean(x: Sym, axes?: number | number[], keepDims = false): Sym {
  const list =
    axes === undefined ? x.shape.map((_, i) => i) : (Array.isArray(axes) ? axes : [axes]).map((a) => normalizeAxis("mean", a, x.rank));
  return div(sum(x, list, keepDims), countOf(x, list));
}
