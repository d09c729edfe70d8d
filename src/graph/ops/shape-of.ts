import type { Sym } from "../graph.js";

/** The runtime shape of x as an int64 vector (no gradient). */
export function shapeOf(x: Sym): Sym {
  return x.graph.node("Shape", [x], { dtype: "int64", shape: [x.rank] });
}

/** The number of elements of x along `axes`, as a float scalar (no gradient). */
export function countOf(x: Sym, axes: number[]): Sym {
  const g = x.graph;
  const dims = axes.map((a) => x.shape[a]);
  if (dims.every((d) => typeof d === "number")) {
    return g.scalar((dims as number[]).reduce((p, d) => p * d, 1));
  }
  const picked = g.node("Gather", [shapeOf(x), g.constant(axes, [axes.length], "int64")], { dtype: "int64", shape: [axes.length] });
  const n = g.node("ReduceProd", [picked], { dtype: "int64", shape: [], attrs: { keepdims: 0 } });
  return g.node("Cast", [n], { dtype: g.floatType, shape: [], attrs: { to: g.floatType === "float32" ? 1 : 11 } });
}
