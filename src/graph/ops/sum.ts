import type { Dim, Sym } from "../graph.js";
import { normalizeAxis } from "../shape.js";
import { expandAs } from "./expand.js";
import { reshape } from "./reshape.js";

/** Sum over `axes` (all axes when omitted). */
export function sum(x: Sym, axes?: number | number[], keepDims = false): Sym {
  const g = x.graph;
  const list =
    axes === undefined ? x.shape.map((_, i) => i) : (Array.isArray(axes) ? axes : [axes]).map((a) => normalizeAxis("sum", a, x.rank));
  const kept: Dim[] = x.shape.map((d, i) => (list.includes(i) ? 1 : d));
  const shape = keepDims ? kept : x.shape.filter((_, i) => !list.includes(i));
  if (list.length === 0) return x;
  const y = g.node("ReduceSum", [x, g.constant(list, [list.length], "int64")], { shape, attrs: { keepdims: keepDims ? 1 : 0 } });
  y.gradRule = (gy) => [expandAs(keepDims ? gy : reshape(gy, kept), x)];
  return y;
}
