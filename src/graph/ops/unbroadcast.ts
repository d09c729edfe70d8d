import type { Dim, Sym } from "../graph.js";
import { broadcastAxes, sameShape } from "../shape.js";
import { reshape } from "./reshape.js";
import { sum } from "./sum.js";

/** Sums a gradient over the axes that broadcasting added, back to `shape`. */
export function unbroadcast(g: Sym, shape: readonly Dim[]): Sym {
  if (sameShape(g.shape, shape)) return g;
  const axes = broadcastAxes(shape, g.shape);
  const reduced = axes.length > 0 ? sum(g, axes, true) : g;
  return sameShape(reduced.shape, shape) ? reduced : reshape(reduced, shape);
}
