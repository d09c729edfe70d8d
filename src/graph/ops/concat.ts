import { MtrecError } from "../../errors.js";
import type { Dim, Sym } from "../graph.js";
import { normalizeAxis, staticDim } from "../shape.js";
import { slice } from "./slice.js";

/** Joins tensors along a fixed-size axis; all other axes must agree. */
export function concat(xs: Sym[], axis: number): Sym {
  const first = xs[0];
  if (!first) throw new MtrecError("GRAPH", "mtrec: concat: needs at least one tensor");
  if (xs.length === 1) return first;
  const a = normalizeAxis("concat", axis, first.rank);
  const sizes = xs.map((x) => staticDim("concat", x, a));
  for (const x of xs) {
    if (x.rank !== first.rank || x.shape.some((d, i) => i !== a && d !== first.shape[i])) {
      throw new MtrecError("GRAPH", `mtrec: concat: ${x} does not match ${first} outside axis ${a}`);
    }
  }
  const shape: Dim[] = first.shape.map((d, i) => (i === a ? sizes.reduce((s, v) => s + v, 0) : d));
  const y = first.graph.node("Concat", xs, { shape, attrs: { axis: a } });
  y.gradRule = (gy, needs) => {
    let start = 0;
    return sizes.map((n, i) => {
      const piece = needs[i] ? slice(gy, a, start, start + n) : null;
      start += n;
      return piece;
    });
  };
  return y;
}
