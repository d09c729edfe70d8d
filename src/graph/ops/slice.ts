import { MtrecError } from "../../errors.js";
import type { Sym } from "../graph.js";
import { normalizeAxis, staticDim } from "../shape.js";

/** x[start:end] along a fixed-size `axis` (step 1). */
export function slice(x: Sym, axis: number, start: number, end: number): Sym {
  const a = normalizeAxis("slice", axis, x.rank);
  const size = staticDim("slice", x, a);
  if (!(0 <= start && start < end && end <= size)) {
    throw new MtrecError("GRAPH", `mtrec: slice: range ${start}:${end} is not inside axis ${a} of ${x}`);
  }
  const g = x.graph;
  const i64 = (v: number) => g.constant([v], [1], "int64");
  const shape = x.shape.map((d, i) => (i === a ? end - start : d));
  const y = g.node("Slice", [x, i64(start), i64(end), i64(a)], { shape });
  y.gradRule = (gy) => {
    const pads = new Array<number>(2 * x.rank).fill(0);
    pads[a] = start;
    pads[x.rank + a] = size - end;
    return [g.node("Pad", [gy, g.constant(pads, [pads.length], "int64")], { shape: x.shape }), null, null, null];
  };
  return y;
}
